package cairn.progression.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeopleCsvTest {
  private static final String HEADER = "person_id,name,email,team,role,function,level,manages\n";

  @Test
  void rowsBecomeDirectoryEntriesWithQuotingHandledByTheParser() throws Exception {
    PeopleCsv.Read read = PeopleCsv.read("\uFEFF" + HEADER.toUpperCase()
        + "p1,\"Lovelace, Ada\",ada@example.com,Platform,engineer,engineering,L3,\n"
        + "p2,Bob,mailto:bob@example.com,Data,manager,engineering,L5,\"Platform; Data\"\n");
    assertThat(read.problems()).isEmpty();
    assertThat(read.people()).hasSize(2);
    assertThat(read.people().get(0).name()).isEqualTo("Lovelace, Ada");
    assertThat(read.people().get(0).ifis()).containsExactly("mbox:mailto:ada@example.com");
    assertThat(read.people().get(1).ifis()).containsExactly("mbox:mailto:bob@example.com");
    assertThat(read.people().get(1).manages()).containsExactly("Platform", "Data");
    assertThat(read.peopleRows()).containsExactly(2, 3);
  }

  @Test
  void everyProblemIsPlacedAgainstItsRowAndColumn() throws Exception {
    PeopleCsv.Read read = PeopleCsv.read("person_id,name,email,shoe_size\n"
        + ",No Id,noid@example.com,40\n"
        + "p1,Ada,not-an-address,41\n"
        + "p2,Bob,bob@example.com,42\n"
        + "p2,Bob again,bob2@example.com,43\n"
        + "p3,Carol,bob@example.com,44\n"
        + "p4,Dan,,45\n");
    assertThat(read.problems()).extracting(p -> p.row() + " " + p.column())
        .containsExactly("1 shoe_size", "2 person_id", "3 email", "5 person_id", "6 email", "7 email");
    assertThat(read.problems().get(0).message()).contains("Unknown column");
    assertThat(read.problems().get(4).message()).contains("also given for person p2");
    assertThat(read.people()).extracting(p -> p.id()).containsExactly("p2");
  }

  @Test
  void unreadableInputIsOneMessage() {
    assertThatThrownBy(() -> PeopleCsv.read(HEADER + "p1,\"unclosed\n")).isInstanceOf(PeopleCsv.Unreadable.class)
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> PeopleCsv.read(HEADER)).hasMessageContaining("no people");
    assertThatThrownBy(() -> PeopleCsv.read("")).hasMessageContaining("header row");
    assertThatThrownBy(() -> PeopleCsv.text(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'})).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> PeopleCsv.text(new byte[PeopleCsv.MAX_BYTES + 1])).hasMessageContaining("2 MiB");
    StringBuilder many = new StringBuilder(HEADER);
    for (int i = 0; i <= PeopleCsv.MAX_ROWS; i++) {
      many.append('p').append(i).append(",,p").append(i).append("@example.com,,,,,\n");
    }
    assertThatThrownBy(() -> PeopleCsv.read(many.toString())).hasMessageContaining("more than 10,000");
  }

  @Test
  void bytesAreUtf8WithOrWithoutAByteOrderMark() throws Exception {
    byte[] bom = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_8);
    assertThat(PeopleCsv.text(bom)).startsWith("person_id");
  }
}
