package cairn.xapi.generator;

/**
 * A competency of the organisation's capability framework, as a CASE 1.1 CFItem would name it;
 * mentoring statements point at {@code uri} in their {@link Vocabulary#COMPETENCY} extension.
 *
 * @param uri the CFItem URI
 * @param name its full statement, e.g. "System Design"
 * @param function the job family it belongs to
 */
public record Competency(String uri, String name, String function) {}
