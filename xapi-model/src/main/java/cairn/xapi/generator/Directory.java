package cairn.xapi.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The generated organisation: people in teams, each with hidden traits that drive how they learn
 * (engagement, ability), and the mentoring pairs between seniors and juniors of a job family.
 */
final class Directory {
  private static final List<String> FIRST = List.of("Aisha", "Alejandro", "Amara", "Anders", "Anna",
      "Arjun", "Beatriz", "Ben", "Camille", "Carlos", "Chen", "Chiara", "Chloe", "Daniel", "David",
      "Elena", "Emeka", "Emma", "Fatima", "Felix", "Freya", "Gabriel", "Grace", "Hana", "Hugo",
      "Ines", "Isaac", "Ivan", "Jamal", "Jana", "Jin", "Joao", "Julia", "Kai", "Kenji", "Laila",
      "Lars", "Leila", "Liam", "Lucia", "Maya", "Mateo", "Mei", "Mohammed", "Nadia", "Nia", "Noah",
      "Olga", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Thomas",
      "Yara", "Yusuf", "Zanele", "Zoe");
  private static final List<String> LAST = List.of("Abe", "Adeyemi", "Andersson", "Bauer", "Bianchi",
      "Chen", "Costa", "Dubois", "Eriksen", "Fernandes", "Fischer", "Garcia", "Gupta", "Haddad",
      "Hansen", "Ibrahim", "Ivanova", "Jensen", "Kim", "Kowalski", "Kumar", "Lambert", "Lee", "Lopez",
      "Martin", "Mensah", "Moreau", "Muller", "Nakamura", "Novak", "Nguyen", "Okafor", "Olsen",
      "Patel", "Petrov", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Tanaka",
      "Torres", "Wagner", "Walker", "Wang", "Williams", "Yilmaz", "Zhang");
  private static final List<String> CODE_NAMES = List.of("Atlas", "Borealis", "Cobalt", "Delta",
      "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper", "Kestrel", "Lumen", "Meridian",
      "Nimbus", "Orbit", "Pioneer", "Quartz", "Raven", "Summit", "Tundra", "Umber", "Vertex",
      "Willow", "Xenon", "Yarrow", "Zephyr");
  /** Cumulative share of people by level 1..6. */
  private static final double[] LEVELS = {0.15, 0.45, 0.73, 0.88, 0.97, 1.0};
  static final int MAX_MENTEES = 4;

  /** A mentor, a mentee and the competencies the mentee works on (indexes into the catalogue). */
  record Pair(int mentor, int mentee, int[] focus) {}

  final List<Person> people;
  final int[] functionOf;
  /** How often each person learns, mean about 1, heavy-tailed. */
  final double[] engagement;
  /** Their typical scaled score before noise. */
  final double[] ability;
  final List<Pair> pairs;

  Directory(GeneratorOptions options, Catalog catalog) {
    SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + 1);
    int n = options.learners();
    int[] teamFunction = new int[options.teams()];
    String[] teamNames = new String[options.teams()];
    int[] perFunction = new int[Catalog.FUNCTIONS.size()];
    int totalWeight = Catalog.FUNCTIONS.stream().mapToInt(Catalog.Function::weight).sum();
    for (int t = 0; t < options.teams(); t++) {
      int pick = random.nextInt(totalWeight);
      int f = 0;
      while (pick >= Catalog.FUNCTIONS.get(f).weight()) {
        pick -= Catalog.FUNCTIONS.get(f).weight();
        f++;
      }
      teamFunction[t] = f;
      int k = perFunction[f]++;
      String code = CODE_NAMES.get(k % CODE_NAMES.size());
      teamNames[t] = Catalog.FUNCTIONS.get(f).name() + " " + code
          + (k >= CODE_NAMES.size() ? " " + (k / CODE_NAMES.size() + 1) : "");
    }
    people = new ArrayList<>(n);
    functionOf = new int[n];
    engagement = new double[n];
    ability = new double[n];
    Set<String> emails = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int team = i < options.teams() ? i : random.nextInt(options.teams());
      boolean manager = i < options.teams();
      Catalog.Function f = Catalog.FUNCTIONS.get(teamFunction[team]);
      int level = level(random.nextDouble());
      if (manager) {
        level = Math.max(4, level);
      }
      String first = FIRST.get(random.nextInt(FIRST.size()));
      String last = LAST.get(random.nextInt(LAST.size()));
      String local = (first + "." + last).toLowerCase(Locale.ROOT);
      String email = local + "@" + options.domain();
      for (int k = 2; !emails.add(email); k++) {
        email = local + k + "@" + options.domain();
      }
      Optional<Person.Account> account = random.nextDouble() < options.accountShare()
          ? Optional.of(new Person.Account("https://sso." + options.domain(), "emp" + (100000 + i)))
          : Optional.empty();
      people.add(new Person(i, first + " " + last, "mailto:" + email, account, teamNames[team],
          manager ? f.managerTitle() : f.ladder().get(level - 1), f.name(), level, manager));
      functionOf[i] = teamFunction[team];
      // log-normal engagement with a tail of very active learners and some who rarely learn
      engagement[i] = random.nextDouble() < 0.06 ? 0.1 : Math.exp(0.75 * random.nextGaussian()) / 1.32;
      ability[i] = Math.max(0.45, Math.min(0.97, 0.74 + 0.04 * level + 0.09 * random.nextGaussian()));
    }
    pairs = pairs(random, catalog);
  }

  private static int level(double u) {
    int level = 0;
    while (u > LEVELS[level]) {
      level++;
    }
    return level + 1;
  }

  /** About a quarter of people at levels 1-3 have a mentor of level 4+ in their job family. */
  private List<Pair> pairs(SplittableRandom random, Catalog catalog) {
    List<List<Integer>> seniors = new ArrayList<>();
    Catalog.FUNCTIONS.forEach(f -> seniors.add(new ArrayList<>()));
    for (Person p : people) {
      if (p.level() >= 4) {
        seniors.get(functionOf[p.index()]).add(p.index());
      }
    }
    int[] load = new int[people.size()];
    List<Pair> result = new ArrayList<>();
    for (Person p : people) {
      List<Integer> candidates = seniors.get(functionOf[p.index()]);
      if (p.level() > 3 || candidates.isEmpty() || random.nextDouble() >= 0.25) {
        continue;
      }
      int mentor = candidates.get(random.nextInt(candidates.size()));
      if (load[mentor] >= MAX_MENTEES) {
        continue;
      }
      load[mentor]++;
      List<Integer> comps = catalog.functionCompetencies.get(functionOf[p.index()]);
      int[] focus = new int[2];
      focus[0] = comps.get(random.nextInt(comps.size()));
      focus[1] = comps.get(random.nextInt(comps.size()));
      result.add(new Pair(mentor, p.index(), focus));
    }
    return result;
  }
}
