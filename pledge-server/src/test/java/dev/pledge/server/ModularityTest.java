package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Verifies the module boundaries and writes the module documentation. */
class ModularityTest {

  /**
   * The privacy engine's modules, lowest first: each may depend only on modules before it (and on
   * {@code shared}), so the dependencies run one way.
   */
  static final List<String> ENGINE =
      List.of(
          "policy",
          "keys",
          "audit",
          "retention",
          "processors",
          "blobs",
          "compliance",
          "rights",
          "backup");

  /** The services built on the engine; no engine module depends on them. */
  static final List<String> SERVICES =
      List.of(
          "analytics",
          "accesslog",
          "site",
          "console",
          "studio",
          "accounts",
          "support",
          "billing",
          "images",
          "devapi",
          "consent");

  private final ApplicationModules modules = ApplicationModules.of(PledgeServer.class);

  @Test
  void moduleBoundariesHold() {
    modules.verify();
    assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
        .containsAll(ENGINE)
        .containsAll(SERVICES)
        .contains("shared")
        .doesNotContain("privacy");
  }

  @Test
  void policyAndKeysDependOnNoOtherModule() {
    // Every other module asks the policy which properties exist; it must not ask back.
    assertThat(dependenciesOf("policy")).isSubsetOf("shared");
    assertThat(dependenciesOf("keys")).isSubsetOf("shared");
  }

  @Test
  void engineModulesDependOnlyOnTheOnesBelowThem() {
    for (int i = 0; i < ENGINE.size(); i++) {
      String module = ENGINE.get(i);
      Set<String> below = Set.copyOf(ENGINE.subList(0, i));
      assertThat(dependenciesOf(module))
          .as("the modules %s depends on", module)
          .allMatch(d -> d.equals("shared") || below.contains(d), "shared or " + below);
    }
  }

  @Test
  void docsModulesMdDescribesEveryModuleAndItsDependencies() throws Exception {
    String overview = Files.readString(Path.of("..", "docs", "modules.md"));
    for (var module : modules) {
      String id = module.getIdentifier().toString();
      String heading = "\n## `" + id + "`\n";
      assertThat(overview)
          .as("docs/modules.md has a section %s", heading.strip())
          .contains(heading);
      String section = overview.substring(overview.indexOf(heading) + heading.length());
      section = section.substring(0, (section + "\n## ").indexOf("\n## "));
      Matcher line = Pattern.compile("(?m)^Depends on: (.*)$").matcher(section);
      assertThat(line.find()).as("the section of %s has a line 'Depends on: ...'", id).isTrue();
      Set<String> documented = new TreeSet<>();
      Matcher name = Pattern.compile("`([a-z]+)`").matcher(line.group(1));
      while (name.find()) {
        documented.add(name.group(1));
      }
      Set<String> actual = new TreeSet<>(dependenciesOf(id));
      actual.remove("shared"); // every module may use it; the overview says so once
      assertThat(documented)
          .as("docs/modules.md, 'Depends on:' of %s (write 'nothing' when empty)", id)
          .isEqualTo(actual);
    }
  }

  @Test
  void writesModuleDocumentation() throws Exception {
    Path out = Path.of("target", "spring-modulith-docs");
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder(out.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
    assertThat(out.resolve("components.puml")).exists();
    try (var files = Files.list(out)) {
      assertThat(files.count()).isGreaterThan(2);
    }
  }

  private Set<String> dependenciesOf(String module) {
    return modules
        .getModuleByName(module)
        .orElseThrow()
        .getDirectDependencies(modules)
        .uniqueModules()
        .map(m -> m.getIdentifier().toString())
        .collect(Collectors.toSet());
  }
}
