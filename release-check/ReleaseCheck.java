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
 * parent, and must not pull a test or benchmark library into compile or runtime scope. The BOM must
 * manage exactly the published artifacts. Nothing else may be in the repository. Exit code 1 on any
 * problem, with one line per problem.
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
   * compile dependencies on purpose. customer-id-cli is an application, not a library: choosing a
   * logging backend is its job, and its {@code demo} subcommand ships the embedded MongoDB-wire server
   * (mongo-java-server and the linearizable fixture from customer-id-mongo's test-jar) so that it runs
   * with nothing installed. Nobody puts the CLI on a library's class path.
   */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "customer-id-test-kit", List.of("org.junit", "org.assertj"),
      "customer-id-cli", java.util.stream.Stream.concat(LOGGING_BACKENDS.stream(),
              java.util.stream.Stream.of("de.bwaldvogel", "io.github.customerid:customer-id-mongo"))
          .toList());

  private final List<String> problems = new ArrayList<>();
  private final Set<String> reactorModules = new TreeSet<>();
  private final List<String> report = new ArrayList<>();

  public static void main(String[] args) throws Exception {
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

  private record Module(String groupId, String artifactId, String version, String packaging, boolean published) {}

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
        out.add(new Module(g, text(mp, "artifactId"), v, packaging, !skip));
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
    String type = orElse(text(dep, "type"), "jar");
    String classifier = orElse(text(dep, "classifier"), "");
    if (type.equals("test-jar") || classifier.equals("tests")) {
      return "test jar";
    }
    if (g.equals(ourGroup) && (art.equals("benchmarks") || art.endsWith("-test-kit"))) {
      return "test kit or benchmarks";
    }
    if (g.equals(ourGroup) && !published.contains(art)) {
      return "unpublished module";
    }
    return null;
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
