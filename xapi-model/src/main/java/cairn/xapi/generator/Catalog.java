package cairn.xapi.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The organisation's job families, career ladders, courses and competencies. Fixed text; the ids
 * derive from the domain, and course shapes (units, mastery scores, durations) from the seed.
 */
final class Catalog {
  static final String COMPANY = "Company";

  /** A job family: how many people work in it, its ladder by level, its courses and competencies. */
  record Function(String name, int weight, List<String> ladder, String managerTitle,
      List<String> courses, List<String> competencies) {}

  static final List<Function> FUNCTIONS = List.of(
      new Function("Engineering", 30,
          List.of("Associate Software Engineer", "Software Engineer", "Senior Software Engineer",
              "Staff Engineer", "Principal Engineer", "Distinguished Engineer"),
          "Engineering Manager",
          List.of("Secure Coding Fundamentals", "Designing Distributed Systems", "Effective Code Review",
              "Incident Response and On-Call", "Testing Strategies", "Cloud Cost Awareness"),
          List.of("System Design", "Code Quality", "Operational Excellence", "Secure Development",
              "Technical Leadership")),
      new Function("Product", 8,
          List.of("Associate Product Manager", "Product Manager", "Senior Product Manager",
              "Group Product Manager", "Principal Product Manager", "Director of Product"),
          "Product Lead",
          List.of("Product Discovery", "Writing Great Specs", "Metrics That Matter", "Roadmapping"),
          List.of("Discovery", "Prioritisation", "Stakeholder Management", "Data Literacy")),
      new Function("Design", 6,
          List.of("Junior Designer", "Designer", "Senior Designer", "Lead Designer",
              "Principal Designer", "Design Director"),
          "Design Manager",
          List.of("Accessibility Essentials", "Design Systems", "Usability Testing"),
          List.of("Interaction Design", "Accessibility", "User Research", "Visual Design")),
      new Function("Sales", 15,
          List.of("Sales Development Representative", "Account Executive", "Senior Account Executive",
              "Enterprise Account Executive", "Strategic Account Director", "Sales Director"),
          "Sales Manager",
          List.of("Consultative Selling", "Negotiation Skills", "Pipeline Management", "Product Demo Mastery"),
          List.of("Prospecting", "Negotiation", "Account Planning", "Product Knowledge")),
      new Function("Customer Support", 15,
          List.of("Support Associate", "Support Specialist", "Senior Support Specialist",
              "Support Lead", "Support Operations Manager", "Head of Support"),
          "Support Team Lead",
          List.of("De-escalation Techniques", "Troubleshooting Methodology", "Writing Clear Replies",
              "Knowledge Base Authoring"),
          List.of("Customer Empathy", "Troubleshooting", "Written Communication", "Product Expertise")),
      new Function("Marketing", 9,
          List.of("Marketing Coordinator", "Marketing Specialist", "Senior Marketing Specialist",
              "Marketing Lead", "Principal Marketer", "Marketing Director"),
          "Marketing Manager",
          List.of("Brand Voice", "Campaign Analytics", "Content Strategy"),
          List.of("Brand", "Marketing Analytics", "Content", "Campaign Management")),
      new Function("Finance", 6,
          List.of("Finance Assistant", "Financial Analyst", "Senior Financial Analyst",
              "Finance Lead", "Principal Analyst", "Finance Director"),
          "Finance Manager",
          List.of("Financial Modelling", "Revenue Recognition", "Budget Planning"),
          List.of("Financial Analysis", "Compliance", "Financial Planning", "Business Partnering")),
      new Function("People", 5,
          List.of("People Coordinator", "People Partner", "Senior People Partner",
              "Lead People Partner", "Principal People Partner", "People Director"),
          "People Manager",
          List.of("Inclusive Hiring", "Employment Law Basics", "Coaching Conversations"),
          List.of("Talent Acquisition", "Employee Relations", "Coaching", "Policy")),
      new Function("Operations", 6,
          List.of("Operations Associate", "Operations Analyst", "Senior Operations Analyst",
              "Operations Lead", "Principal Operations Analyst", "Operations Director"),
          "Operations Manager",
          List.of("Lean Process Improvement", "Vendor Management", "Project Planning"),
          List.of("Process Improvement", "Operational Planning", "Supplier Management", "Risk Management")));

  static final List<String> COMPANY_COURSES = List.of("Information Security Awareness",
      "Data Protection and Privacy", "Code of Conduct", "Giving and Receiving Feedback");
  static final String LEADERSHIP_COURSE = "Leading Teams";

  private static final List<List<String>> UNIT_NAMES = List.of(
      List.of("Essentials"),
      List.of("Concepts", "Assessment"),
      List.of("Introduction", "In Practice", "Assessment"),
      List.of("Introduction", "Core Concepts", "Case Studies", "Assessment"));

  final List<Course> courses = new ArrayList<>();
  /** Course indexes by function index; the company-wide ones are in {@link #companyCourses}. */
  final List<List<Integer>> functionCourses = new ArrayList<>();
  final List<Integer> companyCourses = new ArrayList<>();
  int leadershipCourse;
  final List<Competency> competencies = new ArrayList<>();
  /** Competency indexes by function index. */
  final List<List<Integer>> functionCompetencies = new ArrayList<>();

  Catalog(String domain, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    String learn = "https://learn." + domain + "/courses/";
    for (Function f : FUNCTIONS) {
      List<Integer> mine = new ArrayList<>();
      for (String name : f.courses()) {
        mine.add(courses.size());
        courses.add(course(learn, domain, name, f.name(), random));
      }
      functionCourses.add(mine);
      List<Integer> comps = new ArrayList<>();
      for (String name : f.competencies()) {
        comps.add(competencies.size());
        String uri = "https://frameworks." + domain + "/case/items/"
            + UUID.nameUUIDFromBytes((domain + "/" + f.name() + "/" + name).getBytes(StandardCharsets.UTF_8));
        competencies.add(new Competency(uri, name, f.name()));
      }
      functionCompetencies.add(comps);
    }
    for (String name : COMPANY_COURSES) {
      companyCourses.add(courses.size());
      courses.add(course(learn, domain, name, COMPANY, random));
    }
    leadershipCourse = courses.size();
    courses.add(course(learn, domain, LEADERSHIP_COURSE, COMPANY, random));
  }

  static int functionIndex(String name) {
    for (int i = 0; i < FUNCTIONS.size(); i++) {
      if (FUNCTIONS.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no function " + name);
  }

  private static Course course(String base, String domain, String name, String function, SplittableRandom random) {
    String slug = slug(name);
    String id = base + slug;
    int units = 1 + random.nextInt(4);
    double mastery = new double[] {0.7, 0.75, 0.8, 0.85}[random.nextInt(4)];
    List<String> unitNames = UNIT_NAMES.get(units - 1);
    List<Course.Au> aus = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      boolean last = i == units - 1;
      String au = id + "/au/" + (i + 1);
      aus.add(new Course.Au(au, name + ": " + unitNames.get(i),
          "https://content." + domain + "/" + slug + "/au" + (i + 1) + "/index.html",
          last ? mastery : 0, 8 + random.nextInt(last ? 25 : 35)));
    }
    List<Course.Block> blocks = units < 3
        ? List.of(new Course.Block(id + "/block/1", name, aus))
        : List.of(new Course.Block(id + "/block/1", name + ": Foundations", aus.subList(0, units / 2)),
            new Course.Block(id + "/block/2", name + ": Application", aus.subList(units / 2, units)));
    return new Course(id, name, function, blocks);
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
