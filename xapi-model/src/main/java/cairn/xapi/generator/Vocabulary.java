package cairn.xapi.generator;

/**
 * The IRIs generated statements use: ADL and cmi5 verbs, cmi5 context (cmi5 spec §9, the cmi5 xAPI
 * profile {@code https://w3id.org/xapi/cmi5/v1.0}) and Cairn's own mentoring vocabulary.
 */
public final class Vocabulary {
  private Vocabulary() {}

  private static final String ADL = "http://adlnet.gov/expapi/verbs/";
  private static final String ADL_W3ID = "https://w3id.org/xapi/adl/verbs/";

  public static final String LAUNCHED = ADL + "launched";
  public static final String INITIALIZED = ADL + "initialized";
  public static final String COMPLETED = ADL + "completed";
  public static final String PASSED = ADL + "passed";
  public static final String FAILED = ADL + "failed";
  public static final String TERMINATED = ADL + "terminated";
  public static final String ATTENDED = ADL + "attended";
  public static final String ABANDONED = ADL_W3ID + "abandoned";
  public static final String WAIVED = ADL_W3ID + "waived";
  public static final String SATISFIED = ADL_W3ID + "satisfied";
  /** Cairn's verb: the actor (a mentor) held a mentoring session with the object (the mentee). */
  public static final String MENTORED = "https://cairn.dev/xapi/verbs/mentored";

  public static final String CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  public static final String MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  public static final String COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course";
  public static final String BLOCK_TYPE = "https://w3id.org/xapi/cmi5/activitytype/block";
  public static final String MODULE_TYPE = "http://adlnet.gov/expapi/activities/module";
  public static final String MEETING_TYPE = "http://adlnet.gov/expapi/activities/meeting";
  public static final String PROFILE_TYPE = "http://adlnet.gov/expapi/activities/profile";

  public static final String SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  public static final String MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  public static final String LAUNCH_MODE = "https://w3id.org/xapi/cmi5/context/extensions/launchmode";
  public static final String LAUNCH_URL = "https://w3id.org/xapi/cmi5/context/extensions/launchurl";
  public static final String MOVE_ON = "https://w3id.org/xapi/cmi5/context/extensions/moveon";
  public static final String REASON = "https://w3id.org/xapi/cmi5/result/extensions/reason";

  /** Category of mentoring statements: Cairn's mentoring profile. */
  public static final String MENTORING_PROFILE = "https://cairn.dev/xapi/profiles/mentoring";
  /** Context extension: the competency (a CASE CFItem URI) a mentoring session coached. */
  public static final String COMPETENCY = "https://cairn.dev/xapi/extensions/competency";
  /** Result extension: {@code {"rating": 1-5, "progress": "...", "goals": n}} of a session. */
  public static final String OUTCOME = "https://cairn.dev/xapi/extensions/outcome";
}
