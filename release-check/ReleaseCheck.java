import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a Maven repository that the release dry run deployed to (see dry-run.sh).
 *
 * <p>Usage: {@code java release-check/ReleaseCheck.java <project root> <file repository>}
 *
 * <p>The published modules are discovered from the reactor (root {@code <modules>}, recursively): a
 * module is published unless its POM sets {@code maven.deploy.skip} to true; the root parent POM is
 * never published (the module POMs are flattened). For each, the repository must hold the POM and,
 * unless it is a POM-only module, the jar, the sources jar and the Javadoc jar, each with a SHA-1
 * checksum. The published POMs must carry the metadata a public repository requires, must not name a
 * parent, must not name a test-jar in any scope (type {@code test-jar} or classifier {@code tests}),
 * and must not pull a test or benchmark library into compile or runtime scope. No jar may hold a test
 * class (a class named {@code *Test}, {@code *Tests} or {@code *IT}, or its nested classes): neither the
 * published jars nor any jar the build left in a module's {@code target} folder (such as the CLI's
 * shaded jar). The BOM must manage exactly the published artifacts. Nothing else may be in the
 * repository. Exit code 1 on any problem, with one line per problem.
 *
 * <p>{@code java release-check/ReleaseCheck.java --self-test} proves that these checks can fail: it
 * builds small repositories with each defect and expects the matching problem.
 */
public final class ReleaseCheck {

  /** Libraries that belong in test scope (or in benchmarks) and must never reach a user's class path. */
  private static final List<String> TEST_ONLY_GROUP_PREFIXES = List.of(
      "org.junit", "junit", "org.assertj", "org.mockito", "org.hamcrest", "org.testcontainers",
      "de.bwaldvogel", "org.openjdk.jmh", "net.jqwik", "com.tngtech.archunit");

  /** Logging backends: a library must leave the choice to the application. */
  private static final Set<String> LOGGING_BACKENDS = Set.of(
      "org.slf4j:slf4j-simple", "org.slf4j:slf4j-nop", "ch.qos.logback:logback-classic",
      "org.apache.logging.log4j:log4j-slf4j2-impl");

  /**
   * Deliberate exceptions, per published artifact.
   *
   * <p>customer-id-test-kit IS a test library: its whole API is JUnit 5 contract tests with AssertJ
   * assertions, and users add it with {@code <scope>test</scope>}. So JUnit and AssertJ are its
   * compile dependencies on purpose. customer-id-mongo-embedded IS a server for tests and demos: it
   * wraps mongo-java-server, so that is its compile dependency on purpose (users add the module with
   * {@code <scope>test</scope>}). customer-id-cli is an application, not a library: choosing a logging
   * backend is its job (its {@code demo} and {@code serve} reach mongo-java-server through
   * customer-id-mongo-embedded). Nobody puts the CLI on a library's class path. No exception ever
   * allows a test-jar.
   */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "customer-id-test-kit", List.of("org.junit", "org.assertj"),
      "customer-id-mongo-embedded", List.of("de.bwaldvogel"),
      "customer-id-cli", List.copyOf(LOGGING_BACKENDS));

  /** Simple names of test classes: {@code FooTest}, {@code FooTests}, {@code FooIT}, and nested classes. */
  private static final java.util.regex.Pattern TEST_CLASS =
      java.util.regex.Pattern.compile("(?:.*/)?[^/$]*(?:Test|Tests|IT)(?:\\$[^/]*)?\\.class");

  private final List<String> problems = new ArrayList<>();
  private final Set<String> reactorModules = new TreeSet<>();
  private final List<String> report = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--self-test")) {
      System.exit(SelfTest.run());
    }
    if (args.length != 2) {
      System.err.println("usage: java ReleaseCheck.java <project root> <file repository>");
      System.exit(2);
    }
    ReleaseCheck check = new ReleaseCheck();
    check.run(Path.of(args[0]).toAbsolutePath().normalize(), Path.of(args[1]).toAbsolutePath().normalize());
    check.report.forEach(System.out::println);
    if (!check.problems.isEmpty()) {
      check.problems.forEach(p -> System.out.println("PROBLEM: " + p));
      System.out.println("release-check: FAILED with " + check.problems.size() + " problem(s)");
      System.exit(1);
    }
    System.out.println("release-check: OK");
  }

  private record Module(String groupId, String artifactId, String version, String packaging, boolean published,
      Path dir) {}

  /** The problems found so far, for the self-test. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  void run(Path root, Path repo) throws Exception {
    Element rootPom = parse(root.resolve("pom.xml"));
    String groupId = text(rootPom, "groupId");
    String version = text(rootPom, "version");
    List<Module> modules = new ArrayList<>();
    collectModules(root, rootPom, groupId, version, modules);

    Set<String> published = new TreeSet<>();
    for (Module m : modules) {
      reactorModules.add(m.artifactId());
      if (m.published()) {
        published.add(m.artifactId());
      }
    }
    report.add("published modules found in the reactor: " + published);
    if (!Files.isDirectory(repo)) {
      problems.add("no repository at " + repo + " (did the deploy run?)");
      return;
    }

    // Nothing unexpected in the repository (benchmarks, the parent, stray artifacts).
    Path groupDir = repo.resolve(groupId.replace('.', '/'));
    Set<String> present = new TreeSet<>();
    if (Files.isDirectory(groupDir)) {
      try (Stream<Path> s = Files.list(groupDir)) {
        s.filter(Files::isDirectory).forEach(p -> present.add(p.getFileName().toString()));
      }
    }
    for (String a : present) {
      if (!published.contains(a)) {
        problems.add(a + " is in the repository but must not be published");
      }
    }

    // Every jar the build left in a module's target folder: main, sources, Javadoc, shaded.
    for (Module m : modules) {
      Path target = m.dir().resolve("target");
      if (!Files.isDirectory(target)) {
        continue;
      }
      try (Stream<Path> s = Files.list(target)) {
        for (Path jar : s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
          checkNoTestClass(root.relativize(jar).toString(), jar);
        }
      }
    }

    Module bom = null;
    for (Module m : modules) {
      if (!m.published()) {
        continue;
      }
      checkArtifact(repo, m, published);
      if (m.artifactId().endsWith("-bom")) {
        bom = m;
      }
    }
    if (bom == null) {
      problems.add("no published BOM module (an artifact named *-bom)");
    }
  }

  private void collectModules(Path dir, Element pom, String inheritedGroup, String inheritedVersion,
      List<Module> out) throws Exception {
    for (Element modules : children(pom, "modules")) {
      for (Element module : children(modules, "module")) {
        Path moduleDir = dir.resolve(module.getTextContent().trim()).normalize();
        Path pomFile = moduleDir.resolve("pom.xml");
        if (!Files.isRegularFile(pomFile)) {
          problems.add("module " + moduleDir + " has no pom.xml");
          continue;
        }
        Element mp = parse(pomFile);
        Element parent = child(mp, "parent");
        String g = orElse(text(mp, "groupId"), parent != null ? text(parent, "groupId") : inheritedGroup);
        String v = orElse(text(mp, "version"), parent != null ? text(parent, "version") : inheritedVersion);
        String packaging = orElse(text(mp, "packaging"), "jar");
        boolean skip = false;
        Element props = child(mp, "properties");
        if (props != null && "true".equals(text(props, "maven.deploy.skip"))) {
          skip = true;
        }
        out.add(new Module(g, text(mp, "artifactId"), v, packaging, !skip, moduleDir));
        collectModules(moduleDir, mp, g, v, out);
      }
    }
  }

  private void checkArtifact(Path repo, Module m, Set<String> published) throws Exception {
    String a = m.artifactId();
    Path dir = repo.resolve(m.groupId().replace('.', '/')).resolve(a).resolve(m.version());
    if (!Files.isDirectory(dir)) {
      problems.add(a + ": not deployed (no " + repo.relativize(dir) + ")");
      return;
    }
    Map<String, String> files = resolveFiles(dir, m);
    List<String> kinds = new ArrayList<>(List.of("pom"));
    if (!"pom".equals(m.packaging())) {
      kinds.addAll(List.of("jar", "sources", "javadoc"));
    }
    for (String kind : kinds) {
      String name = files.get(kind);
      Path f = name == null ? null : dir.resolve(name);
      if (f == null || !Files.isRegularFile(f) || Files.size(f) == 0) {
        problems.add(a + ": missing " + kind + (name == null ? "" : " (" + name + ")"));
        continue;
      }
      if (!Files.isRegularFile(dir.resolve(name + ".sha1"))) {
        problems.add(a + ": no SHA-1 checksum for " + name);
      }
      if (!kind.equals("pom")) {
        checkNoTestClass(a + " " + kind, f);
      }
      switch (kind) {
        case "jar" -> checkJar(a, f);
        case "sources" -> requireEntry(a, f, ".java", "sources jar has no .java file");
        case "javadoc" -> requireEntry(a, f, "index.html", "Javadoc jar has no index.html");
        default -> { }
      }
    }
    String pomName = files.get("pom");
    if (pomName != null && Files.isRegularFile(dir.resolve(pomName))) {
      int deps = checkPom(a, dir.resolve(pomName), m, published);
      report.add(String.format("%-22s %s; POM metadata complete; %d compile/runtime dependencies",
          a, String.join(", ", kinds), deps));
    }
  }

  /** Maps pom/jar/sources/javadoc to file names; SNAPSHOT deploys carry timestamped names. */
  private Map<String, String> resolveFiles(Path dir, Module m) throws Exception {
    Map<String, String> files = new TreeMap<>();
    String a = m.artifactId();
    String base = m.version();
    if (m.version().endsWith("-SNAPSHOT")) {
      Path meta = dir.resolve("maven-metadata.xml");
      if (!Files.isRegularFile(meta)) {
        problems.add(a + ": SNAPSHOT directory without maven-metadata.xml");
        return files;
      }
      Element versioning = child(parse(meta), "versioning");
      Element snapshot = versioning == null ? null : child(versioning, "snapshot");
      if (snapshot == null) {
        problems.add(a + ": maven-metadata.xml names no snapshot");
        return files;
      }
      base = m.version().replace("SNAPSHOT", text(snapshot, "timestamp") + "-" + text(snapshot, "buildNumber"));
    }
    files.put("pom", a + "-" + base + ".pom");
    files.put("jar", a + "-" + base + ".jar");
    files.put("sources", a + "-" + base + "-sources.jar");
    files.put("javadoc", a + "-" + base + "-javadoc.jar");
    return files;
  }

  private void checkJar(String a, Path f) throws IOException {
    try (JarFile jar = new JarFile(f.toFile())) {
      boolean classes = jar.stream().anyMatch(e -> e.getName().endsWith(".class"));
      if (!classes) {
        problems.add(a + ": jar has no classes");
      }
      Manifest mf = jar.getManifest();
      boolean named = jar.getEntry("module-info.class") != null
          || (mf != null && mf.getMainAttributes().getValue("Automatic-Module-Name") != null
              && !mf.getMainAttributes().getValue("Automatic-Module-Name").isBlank()
              && !mf.getMainAttributes().getValue("Automatic-Module-Name").contains("${"));
      if (!named) {
        problems.add(a + ": jar has neither module-info.class nor an Automatic-Module-Name");
      }
    }
  }

  private void checkNoTestClass(String what, Path f) throws IOException {
    if (f.getFileName().toString().endsWith("-tests.jar")) {
      problems.add(what + ": a test-jar was built (" + f.getFileName() + "); no module may build one");
      return;
    }
    try (JarFile jar = new JarFile(f.toFile())) {
      List<String> tests = jar.stream().map(e -> e.getName())
          .filter(n -> !n.contains("/jmh_generated/")) // JMH's harness classes are named *_jmhTest
          .filter(n -> TEST_CLASS.matcher(n).matches() || (n.endsWith(".java")
              && TEST_CLASS.matcher(n.substring(0, n.length() - 5) + ".class").matches()))
          .sorted().toList();
      if (!tests.isEmpty()) {
        problems.add(what + ": holds test classes " + tests.subList(0, Math.min(3, tests.size()))
            + (tests.size() > 3 ? " and " + (tests.size() - 3) + " more" : ""));
      }
    }
  }

  private void requireEntry(String a, Path f, String suffix, String message) throws IOException {
    try (JarFile jar = new JarFile(f.toFile())) {
      if (jar.stream().noneMatch(e -> e.getName().endsWith(suffix))) {
        problems.add(a + ": " + message);
      }
    }
  }

  /** Returns the number of compile/runtime dependencies. */
  private int checkPom(String a, Path pomFile, Module m, Set<String> published) throws Exception {
    Element pom = parse(pomFile);
    if (child(pom, "parent") != null) {
      problems.add(a + ": published POM names a parent (" + text(child(pom, "parent"), "artifactId")
          + "), which is not published; the POM must be flattened (with maven-shade-plugin, set"
          + " createDependencyReducedPom=false or attach the shaded jar with a classifier)");
    }
    for (String field : List.of("groupId", "artifactId", "version", "name", "description", "url")) {
      requireText(a, pom, field);
    }
    if (!m.version().equals(text(pom, "version"))) {
      problems.add(a + ": POM version " + text(pom, "version") + " is not " + m.version());
    }
    Element licenses = child(pom, "licenses");
    Element license = licenses == null ? null : child(licenses, "license");
    if (license == null) {
      problems.add(a + ": POM has no <licenses><license>");
    } else {
      requireText(a, license, "name");
      requireText(a, license, "url");
    }
    Element developers = child(pom, "developers");
    Element developer = developers == null ? null : child(developers, "developer");
    if (developer == null || (blank(text(developer, "name")) && blank(text(developer, "id")))) {
      problems.add(a + ": POM has no <developers><developer> with a name or id");
    }
    Element scm = child(pom, "scm");
    if (scm == null) {
      problems.add(a + ": POM has no <scm>");
    } else {
      requireText(a, scm, "url");
      requireText(a, scm, "connection");
    }

    int count = 0;
    Element deps = child(pom, "dependencies");
    List<Element> named = new ArrayList<>(deps == null ? List.of() : children(deps, "dependency"));
    Element managed = child(pom, "dependencyManagement");
    Element managedDeps = managed == null ? null : child(managed, "dependencies");
    named.addAll(managedDeps == null ? List.of() : children(managedDeps, "dependency"));
    for (Element dep : named) {
      if (isTestJar(dep)) {
        problems.add(a + ": names a test-jar (" + text(dep, "groupId") + ":" + text(dep, "artifactId")
            + ", scope " + orElse(text(dep, "scope"), "compile") + "); move the shared test code to"
            + " an ordinary module");
      }
    }
    for (Element dep : deps == null ? List.<Element>of() : children(deps, "dependency")) {
      String scope = orElse(text(dep, "scope"), "compile");
      if (!scope.equals("compile") && !scope.equals("runtime")) {
        continue;
      }
      count++;
      String g = text(dep, "groupId");
      String art = text(dep, "artifactId");
      String ga = g + ":" + art;
      String v = text(dep, "version");
      if (blank(v) || v.contains("${")) {
        problems.add(a + ": dependency " + ga + " has no resolved version (" + v + ")");
      }
      String why = leak(dep, g, art, ga, m.groupId(), published);
      if (why != null && !allowed(a, g, ga)) {
        problems.add(a + ": " + why + " in " + scope + " scope: " + ga);
      }
    }

    if (a.endsWith("-bom")) {
      checkBom(a, pom, m, published);
    }
    return count;
  }

  private static String leak(Element dep, String g, String art, String ga, String ourGroup, Set<String> published) {
    for (String prefix : TEST_ONLY_GROUP_PREFIXES) {
      if (g.equals(prefix) || g.startsWith(prefix + ".")) {
        return "test/benchmark library";
      }
    }
    if (LOGGING_BACKENDS.contains(ga)) {
      return "logging backend";
    }
    if (g.equals(ourGroup) && (art.equals("benchmarks") || art.endsWith("-test-kit"))) {
      return "test kit or benchmarks";
    }
    if (g.equals(ourGroup) && !published.contains(art)) {
      return "unpublished module";
    }
    return null;
  }

  private static boolean isTestJar(Element dep) {
    return orElse(text(dep, "type"), "jar").equals("test-jar")
        || orElse(text(dep, "classifier"), "").equals("tests");
  }

  private static boolean allowed(String artifact, String g, String ga) {
    for (String ok : ALLOWED.getOrDefault(artifact, List.of())) {
      if (ga.equals(ok) || g.equals(ok) || g.startsWith(ok + ".")) {
        return true;
      }
    }
    return false;
  }

  private void checkBom(String a, Element pom, Module m, Set<String> published) {
    Element dm = child(pom, "dependencyManagement");
    Element deps = dm == null ? null : child(dm, "dependencies");
    Set<String> managed = new TreeSet<>();
    for (Element dep : deps == null ? List.<Element>of() : children(deps, "dependency")) {
      String g = text(dep, "groupId").replace("${project.groupId}", m.groupId());
      String art = text(dep, "artifactId");
      String v = text(dep, "version");
      if (!g.equals(m.groupId())) {
        problems.add(a + ": the BOM manages a third-party artifact (" + g + ":" + art
            + "); it would force that version on users");
        continue;
      }
      if (!("${project.version}".equals(v) || m.version().equals(v))) {
        problems.add(a + ": the BOM manages " + art + " at " + v + ", not at its own version");
      }
      if ("import".equals(text(dep, "scope"))) {
        problems.add(a + ": the BOM imports another BOM (" + art + ")");
      }
      managed.add(art);
    }
    Set<String> expected = new TreeSet<>(published);
    expected.remove(a);
    for (String e : expected) {
      if (!managed.contains(e)) {
        problems.add(a + ": the BOM does not manage the published artifact " + e
            + " (add it to " + a + "/pom.xml)");
      }
    }
    for (String x : managed) {
      if (expected.contains(x)) {
        continue;
      }
      if (reactorModules.contains(x)) {
        problems.add(a + ": the BOM manages " + x + ", which is not published");
      } else {
        report.add("NOTE: the BOM manages " + x + ", which is not a module of this build (yet)");
      }
    }
  }

  private void requireText(String a, Element e, String field) {
    String t = text(e, field);
    if (blank(t)) {
      problems.add(a + ": POM has no <" + field + "> in <" + e.getTagName() + ">");
    } else if (t.contains("${")) {
      problems.add(a + ": POM <" + field + "> is not interpolated: " + t);
    }
  }

  private static Element parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = Files.newInputStream(file)) {
      Document d = f.newDocumentBuilder().parse(in);
      return d.getDocumentElement();
    }
  }

  private static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  private static Element child(Element e, String name) {
    List<Element> c = children(e, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static String text(Element e, String name) {
    Element c = child(e, name);
    return c == null ? null : c.getTextContent().trim();
  }

  private static String orElse(String s, String fallback) {
    return blank(s) ? fallback : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

/**
 * Proves that ReleaseCheck's test-code checks can fail: one small project and repository per defect,
 * each of which must produce the matching problem, and one clean control that must produce none of
 * them. Exit code 0 when every case behaves, 1 otherwise.
 */
final class SelfTest {

  private SelfTest() {}

  static int run() throws Exception {
    int failures = 0;
    String testScoped = dependency("tests-type", "<type>test-jar</type><scope>test</scope>");
    String classified = dependency("tests-classifier", "<classifier>tests</classifier>");
    failures += expect("a test-jar dependency in test scope", testScoped, List.of(), List.of(),
        "names a test-jar (g:tests-type, scope test)");
    failures += expect("a dependency with classifier tests", classified, List.of(), List.of(),
        "names a test-jar (g:tests-classifier, scope compile)");
    failures += expect("a published jar with a test class", "", List.of("g/lib/FooTest.class"),
        List.of(), "lib jar: holds test classes [g/lib/FooTest.class]");
    failures += expect("a sources jar with a test source", "", List.of(), List.of(),
        "lib sources: holds test classes [g/lib/BarTests.java]");
    failures += expect("a built (shaded) jar with a nested test class", "", List.of(),
        List.of("lib-shaded.jar:g/lib/BazIT$1.class"), "holds test classes [g/lib/BazIT$1.class]");
    failures += expect("a test-jar left in target", "", List.of(), List.of("lib-1.0-tests.jar:x.txt"),
        "a test-jar was built (lib-1.0-tests.jar)");
    failures += expect("a clean module (control)", "", List.of("g/lib/Contest.class",
        "g/lib/TestKit.class", "g/lib/jmh_generated/Bench_run_jmhTest.class"),
        List.of("lib.jar:g/lib/LatestValue.class"), null);
    System.out.println(failures == 0 ? "release-check self-test: OK, every defect was caught"
        : "release-check self-test: FAILED in " + failures + " case(s)");
    return failures == 0 ? 0 : 1;
  }

  private static String dependency(String artifact, String extra) {
    return "<dependency><groupId>g</groupId><artifactId>" + artifact
        + "</artifactId><version>1.0</version>" + extra + "</dependency>";
  }

  /** Builds the case, runs the check, and expects a problem containing {@code expected} (or none). */
  private static int expect(String name, String dependencies, List<String> publishedEntries,
      List<String> builtJars, String expected) throws Exception {
    Path root = Files.createTempDirectory("release-check-self-test");
    try {
      Files.writeString(root.resolve("pom.xml"), "<project><groupId>g</groupId><artifactId>parent"
          + "</artifactId><version>1.0</version><packaging>pom</packaging><modules><module>lib"
          + "</module></modules></project>");
      Path lib = Files.createDirectories(root.resolve("lib/target"));
      String pom = "<project><groupId>g</groupId><artifactId>lib</artifactId><version>1.0</version>"
          + "<name>lib</name><description>d</description><url>https://example.org</url><licenses>"
          + "<license><name>Apache-2.0</name><url>https://example.org/l</url></license></licenses>"
          + "<developers><developer><id>d</id></developer></developers><scm><url>https://example.org"
          + "</url><connection>scm:git:https://example.org</connection></scm><dependencies>"
          + dependencies + "</dependencies></project>";
      Files.writeString(root.resolve("lib/pom.xml"), pom);
      Path dir = Files.createDirectories(root.resolve("repo/g/lib/1.0"));
      Files.writeString(dir.resolve("lib-1.0.pom"), pom);
      List<String> classes = new ArrayList<>(publishedEntries);
      classes.add("g/lib/Lib.class");
      jar(dir.resolve("lib-1.0.jar"), classes);
      List<String> sources = new ArrayList<>(List.of("g/lib/Lib.java"));
      if (name.startsWith("a sources jar")) {
        sources.add("g/lib/BarTests.java");
      }
      jar(dir.resolve("lib-1.0-sources.jar"), sources);
      jar(dir.resolve("lib-1.0-javadoc.jar"), List.of("index.html"));
      for (String f : List.of("lib-1.0.pom", "lib-1.0.jar", "lib-1.0-sources.jar",
          "lib-1.0-javadoc.jar")) {
        Files.writeString(dir.resolve(f + ".sha1"), "0");
      }
      for (String built : builtJars) {
        String[] parts = built.split(":", 2);
        jar(lib.resolve(parts[0]), List.of(parts[1]));
      }
      ReleaseCheck check = new ReleaseCheck();
      check.run(root, root.resolve("repo"));
      List<String> testProblems = check.problems().stream()
          .filter(p -> p.contains("test")).toList();
      boolean ok = expected == null ? testProblems.isEmpty()
          : testProblems.stream().anyMatch(p -> p.contains(expected));
      System.out.println((ok ? "  caught:  " : "  MISSED:  ") + name
          + (expected == null ? " -> no test-code problem" : " -> " + expected)
          + (ok ? "" : "; problems were " + check.problems()));
      return ok ? 0 : 1;
    } finally {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void jar(Path file, List<String> entries) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().putValue("Automatic-Module-Name", "g.lib");
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
        Files.newOutputStream(file), mf)) {
      for (String e : entries) {
        out.putNextEntry(new java.util.jar.JarEntry(e));
        out.write(new byte[] {0});
        out.closeEntry();
      }
    }
  }
}
