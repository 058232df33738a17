package cairn.xapi.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A generated statement and its timestamp in epoch milliseconds, for ordering. */
record Timed(long time, ObjectNode statement) {}
