package dev.pledge.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * Every JSON body the console API reads is checked against the record it is read into, before
 * Jackson sees it: a field the record does not have, or a value of the wrong type, is refused with
 * 400 and the {@code errors} object naming each such field. Jackson alone would drop an unknown
 * field silently — {@code "requester"} instead of {@code "email"} once opened requests with no
 * contact — and would name only the first wrong type, quoting what was sent.
 *
 * <p>A field's name is repeated in the answer only when it looks like a field name (letters,
 * digits, {@code _ . -}, no {@code @}); anything else is counted, never echoed, so a client that
 * puts an address where a name belongs does not get it back. Nothing is logged.
 */
@ControllerAdvice(basePackageClasses = ConsoleApiFields.class)
class ConsoleApiFields extends RequestBodyAdviceAdapter {

  /** The body of an address that takes none: any field in it is unknown. */
  record NoFields() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A name that may be repeated in an answer: no address, no token, nothing long. */
  static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,40}");

  /** Thrown with the fields refused; answered 400 by {@link ConsoleApiErrors}. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, String> errors;

    Refused(Map<String, String> errors) {
      super("refused fields: " + errors.keySet().size(), null, false, false);
      this.errors = errors;
    }

    Map<String, String> errors() {
      return errors;
    }
  }

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
      throw new Refused(errors);
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

  /**
   * What is wrong with {@code body} as a {@code type}: unknown fields and wrong types, by field.
   * Empty when it fits, or when it is not a JSON object at all (Jackson then refuses it with the
   * usual "not JSON" answer).
   */
  static Map<String, String> check(byte[] body, Class<?> type) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return Map.of();
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, String> errors = new LinkedHashMap<>();
    if (tree == null || !tree.isObject()) {
      if (tree != null && !tree.isNull()) {
        errors.put("body", "Send one JSON object, as documented for this address.");
      }
      return errors;
    }
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      fields.put(c.getName(), c.getType());
    }
    int unsafe = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      Class<?> expected = fields.get(name);
      if (expected == null) {
        if (SAFE_NAME.matcher(name).matches()) {
          errors.put(name, unknown(fields.keySet().stream().toList()));
        } else {
          unsafe++;
        }
      } else {
        String wrong = wrongType(field.getValue(), expected);
        if (wrong != null) {
          errors.put(name, wrong);
        }
      }
    }
    if (unsafe > 0) {
      errors.put("body", unnamed(unsafe, "field") + unknown(fields.keySet().stream().toList()));
    }
    return errors;
  }

  /** Names a client sent that are not repeated: how many, and why they are not. */
  static String unnamed(int count, String what) {
    return (count == 1 ? "A " + what : count + " " + what + "s")
        + " this address does not take, named in a way no "
        + what
        + " is named (not repeated here). ";
  }

  static String unknown(List<String> accepted) {
    if (accepted.isEmpty()) {
      return "Unknown field: this address takes no fields; send {} or no body.";
    }
    return "Unknown field: this address takes " + String.join(", ", accepted) + ".";
  }

  /** Why {@code value} cannot be a {@code type}, or null when it can (null always can). */
  private static String wrongType(JsonNode value, Class<?> type) {
    if (value.isNull()) {
      return null;
    }
    if (type == String.class) {
      return value.isTextual() ? null : "Must be a string (in double quotes) or null.";
    }
    if (type == Boolean.class || type == boolean.class) {
      return value.isBoolean() ? null : "Must be true or false.";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return value.isIntegralNumber() && value.canConvertToLong()
          ? null
          : "Must be a whole number.";
    }
    if (List.class.isAssignableFrom(type)) {
      return value.isArray() ? null : "Must be a list (a JSON array).";
    }
    return null;
  }

  /** The record components of {@code type} by name, for documentation checks. */
  static List<String> fieldsOf(Class<?> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }
}
