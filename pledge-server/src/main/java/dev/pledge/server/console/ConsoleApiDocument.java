package dev.pledge.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Serves the console API's OpenAPI 3 document ({@code console/openapi.yaml}), as maintained (YAML)
 * and as JSON. It is written by hand rather than generated: the API's handlers read records of
 * strings and answer plain maps, so a generator would need as many annotations as the document has
 * lines to say as much, and would add a dependency tree to the server for twelve routes.
 * ConsoleApiDocumentTest keeps it true: every route of the API is in it and nothing else, each
 * body's fields are exactly the record's, and its examples are accepted by the real server.
 */
@RestController
class ConsoleApiDocument {

  static final String RESOURCE = "console/openapi.yaml";

  private static final MediaType YAML =
      new MediaType("application", "yaml", StandardCharsets.UTF_8);

  private final String yaml;
  private final String json;

  ConsoleApiDocument() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(tree instanceof Map<?, ?>)) {
      throw new IllegalStateException(RESOURCE + " is not a YAML mapping");
    }
    try {
      json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/console/api/openapi.json")
  ResponseEntity<String> json() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.noCache())
        .body(json);
  }

  @GetMapping("/console/api/openapi.yaml")
  ResponseEntity<String> yaml() {
    return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(yaml);
  }
}
