package cairn.lrs.documents;

import io.vertx.core.buffer.Buffer;
import java.time.OffsetDateTime;

/**
 * A stored document: its bytes as sent (or as merged), their Content-Type, the SHA-1 ETag of the
 * bytes (1.0.3 Part Three §3.1) and when it last changed.
 */
record Document(String contentType, Buffer content, String etag, OffsetDateTime updated) {}
