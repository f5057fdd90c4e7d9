package dev.pledge.server.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * The incidents API refuses, like the rest of the console API, a field its record does not have or
 * a value of the wrong type — by field, before Jackson would drop it silently. A field name is
 * repeated only when it looks like one; nothing sent is echoed otherwise.
 */
@ControllerAdvice(assignableTypes = IncidentsApiController.class)
class IncidentApiFields extends RequestBodyAdviceAdapter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,40}");

  @Override
  public boolean supports(
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return targetType instanceof Class<?> c && c.isRecord();
  }

  @Override
  public HttpInputMessage beforeBodyRead(
      HttpInputMessage input,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType)
      throws IOException {
    byte[] body = input.getBody().readAllBytes();
    Map<String, String> errors = check(body, (Class<?>) targetType);
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return input.getHeaders();
      }
    };
  }

  static Map<String, String> check(byte[] body, Class<?> type) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      return Map.of();
    }
    if (tree == null || !tree.isObject()) {
      return Map.of();
    }
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      fields.put(c.getName(), c.getType());
    }
    Map<String, String> errors = new LinkedHashMap<>();
    int unnamed = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Class<?> t = fields.get(e.getKey());
      String problem = null;
      if (t == null) {
        problem = "Unknown field: this address takes " + String.join(", ", fields.keySet()) + ".";
      } else if (!e.getValue().isNull() && !fits(e.getValue(), t)) {
        problem =
            t == Boolean.class
                ? "Must be true or false."
                : t == List.class ? "Must be a list of strings." : "Must be a string.";
      }
      if (problem != null) {
        if (SAFE_NAME.matcher(e.getKey()).matches()) {
          errors.put(e.getKey(), problem);
        } else {
          unnamed++;
        }
      }
    }
    if (unnamed > 0) {
      errors.put("body", unnamed + " field(s) this address does not take.");
    }
    return errors;
  }

  private static boolean fits(JsonNode v, Class<?> t) {
    if (t == Boolean.class) {
      return v.isBoolean();
    }
    if (t == List.class) {
      if (!v.isArray()) {
        return false;
      }
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          return false;
        }
      }
      return true;
    }
    return v.isTextual();
  }

  static List<String> fieldsOf(Class<?> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }
}
