package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Verifies the module boundaries and writes the module documentation. */
class ModularityTest {

  private final ApplicationModules modules = ApplicationModules.of(PledgeServer.class);

  @Test
  void moduleBoundariesHold() {
    modules.verify();
    assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
        .contains("rights", "site", "shared");
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
}
