package cairn.xapi.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Realistic xAPI statements for an organisation, for tests, demos and benchmarks: cmi5 course
 * attempts (cmi5 spec §9.3) and mentoring sessions of the people in {@link #people()}, over the
 * months the {@link GeneratorOptions} name, in timestamp order.
 *
 * <p>Every statement is valid xAPI 1.0.3 (Part Two §2) and 2.0.0 (IEEE 9274.1.1-2023 §4.2), has an
 * id and a timestamp, and no stored, authority or version (those are the LRS's to set). The same
 * options give the same statements, byte for byte. The stream is produced lazily in bounded memory,
 * so millions of statements can be streamed.
 */
public final class StatementGenerator implements Iterable<ObjectNode> {
  private final GeneratorOptions options;
  private final Catalog catalog;
  private final Directory directory;

  public StatementGenerator(GeneratorOptions options) {
    this.options = options;
    this.catalog = new Catalog(options.domain(), options.seed());
    this.directory = new Directory(options, catalog);
  }

  public GeneratorOptions options() {
    return options;
  }

  /** The people directory: name, mbox (and account), team, role, function and level. */
  public List<Person> people() {
    return List.copyOf(directory.people);
  }

  /** The cmi5 courses learners attempt. */
  public List<Course> courses() {
    return List.copyOf(catalog.courses);
  }

  /** The competencies mentoring sessions coach. */
  public List<Competency> competencies() {
    return List.copyOf(catalog.competencies);
  }

  /** A fresh walk over the period from its first statement; each call starts again. */
  @Override
  public Iterator<ObjectNode> iterator() {
    return new Timeline(options, catalog, directory);
  }

  /** The statements in timestamp order, lazily; each call starts again. */
  public Stream<ObjectNode> statements() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
