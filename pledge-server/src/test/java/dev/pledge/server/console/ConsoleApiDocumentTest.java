package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console API's OpenAPI document is served, is valid OpenAPI 3, and says what the server does:
 * every route under {@code /console/api} with its methods and nothing else, each request body with
 * exactly the fields the handler's record takes (and no others allowed), each query parameter the
 * handler reads — and its request examples are accepted by the real server.
 */
@WithRunningServer
class ConsoleApiDocumentTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private ConsoleClient operator;
  private OpenAPI document;

  @BeforeEach
  void load() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "doc-" + System.nanoTime(), "127.0.7.20");
    ConsoleClient.Response json = operator.get("/console/api/openapi.json");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("content-type")).startsWith("application/json");
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json.body());
    assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
    document = parsed.getOpenAPI();
    assertThat(document).isNotNull();
  }

  /** The routes the server answers under /console/api: "METHOD path". */
  private Map<String, HandlerMethod> routes() {
    Map<String, HandlerMethod> routes = new java.util.TreeMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      for (String path : e.getKey().getPatternValues()) {
        if (!path.startsWith("/console/api/")) {
          continue;
        }
        for (var method : e.getKey().getMethodsCondition().getMethods()) {
          routes.put(method.name() + " " + path, e.getValue());
        }
      }
    }
    return routes;
  }

  private static Map<PathItem.HttpMethod, Operation> operations(PathItem item) {
    return item.readOperationsMap();
  }

  @Test
  @DisplayName("every /console/api route is described, with its methods, and nothing else is")
  void everyRouteIsDescribed() {
    Set<String> documented = new TreeSet<>();
    document
        .getPaths()
        .forEach(
            (path, item) ->
                operations(item).keySet().forEach(m -> documented.add(m.name() + " " + path)));
    assertThat(routes().keySet()).hasSizeGreaterThanOrEqualTo(13);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes().keySet());
  }

  @Test
  @DisplayName(
      "each documented body has exactly the handler record's fields and allows no others; each"
          + " documented query parameter is one the handler reads")
  void bodiesAndParametersMatchTheHandlers() {
    for (Map.Entry<String, HandlerMethod> route : routes().entrySet()) {
      String[] mp = route.getKey().split(" ", 2);
      Operation op =
          operations(document.getPaths().get(mp[1])).get(PathItem.HttpMethod.valueOf(mp[0]));
      HandlerMethod handler = route.getValue();
      Class<?> bodyType = null;
      for (MethodParameter p : handler.getMethodParameters()) {
        if (p.hasParameterAnnotation(RequestBody.class)) {
          bodyType = p.getParameterType();
        }
      }
      if (bodyType == null) {
        assertThat(op.getRequestBody()).as(route.getKey() + " takes no body").isNull();
      } else {
        assertThat(op.getRequestBody()).as(route.getKey() + " documents its body").isNotNull();
        Schema<?> schema =
            resolve(op.getRequestBody().getContent().get("application/json").getSchema());
        assertThat(schema.getAdditionalProperties())
            .as(route.getKey() + ": unknown fields are refused, and the document says so")
            .isEqualTo(Boolean.FALSE);
        Set<String> documentedFields =
            schema.getProperties() == null ? Set.of() : schema.getProperties().keySet();
        assertThat(documentedFields)
            .as(route.getKey() + " body fields")
            .containsExactlyInAnyOrderElementsOf(ConsoleApiFields.fieldsOf(bodyType));
      }
      List<String> documentedParameters = new ArrayList<>();
      if (op.getParameters() != null) {
        op.getParameters().stream()
            .filter(p -> "query".equals(p.getIn()))
            .forEach(p -> documentedParameters.add(p.getName()));
      }
      assertThat(documentedParameters)
          .as(route.getKey() + " query parameters")
          .containsExactlyInAnyOrderElementsOf(ConsoleApiParameters.parametersOf(handler));
    }
  }

  @Test
  @DisplayName(
      "B-26 B-29 the document's examples for opening a request are accepted as they stand (201),"
          + " and its error examples have the shape the server answers")
  void examplesWork() throws Exception {
    String csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    var examples =
        document
            .getPaths()
            .get("/console/api/requests")
            .getPost()
            .getRequestBody()
            .getContent()
            .get("application/json")
            .getExamples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    for (var e : examples.entrySet()) {
      String body = JSON.writeValueAsString(e.getValue().getValue());
      ConsoleClient.Response r =
          operator.send(
              "POST",
              "/console/api/requests",
              body,
              Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
      assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(201);
    }
    // The documented refusal of "requester" is what the server says, word for word.
    var invalid = document.getComponents().getResponses().get("Invalid");
    JsonNode documented =
        JSON.valueToTree(
            invalid
                .getContent()
                .get("application/json")
                .getExamples()
                .get("unknownField")
                .getValue());
    ConsoleClient.Response refused =
        operator.send(
            "POST",
            "/console/api/requests",
            "{\"requester\": \"x\"}",
            Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body())).isEqualTo(documented);

    ConsoleClient.Response yaml = operator.get("/console/api/openapi.yaml");
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.body()).startsWith("openapi: 3.0.3");
    ConsoleClient anonymous = new ConsoleClient(port, "127.0.7.21", "localhost");
    assertThat(anonymous.get("/console/api/openapi.json").status())
        .as("the document is the operators'")
        .isEqualTo(401);
  }

  private Schema<?> resolve(Schema<?> schema) {
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      return document.getComponents().getSchemas().get(name);
    }
    return schema;
  }
}
