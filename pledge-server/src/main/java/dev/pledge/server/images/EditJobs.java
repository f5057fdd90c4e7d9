package dev.pledge.server.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.images.remote.ProcessorTransfers;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.studio.Studio;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edits as jobs (B-15): accepted here — the provider and operation checked, the prompt moderated,
 * the credits charged, all in one transaction with the queued job — and run by {@link EditRunner}.
 * Each job is the record of its edit (B-02): prompt, mode, provider, model, settings and cost.
 */
@Component
class EditJobs {

  static final int MAX_PROMPT = 2000;
  static final int MAX_PARAMETERS = 20;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ImageProviders providers;
  private final Moderation moderation;
  private final EditCredits credits;
  private final ProcessingRestrictions restrictions;
  private final Studio studio;
  private final Clock clock;
  private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  EditJobs(
      JdbcClient jdbc,
      TransactionTemplate tx,
      ImageProviders providers,
      Moderation moderation,
      EditCredits credits,
      ProcessingRestrictions restrictions,
      Studio studio,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.providers = providers;
    this.moderation = moderation;
    this.credits = credits;
    this.restrictions = restrictions;
    this.studio = studio;
    this.clock = clock;
  }

  /** An edit as recorded. */
  record Job(
      String id,
      String account,
      String owner,
      String imageId,
      String parentVersionId,
      String provider,
      String operation,
      String mode,
      Map<String, String> parameters,
      String model,
      int cost,
      String state,
      double progress,
      String progressMessage,
      int attempts,
      String resultVersionId,
      String failure,
      Instant createdAt,
      Instant finishedAt) {

    boolean done() {
      return state.equals("succeeded") || state.equals("failed");
    }
  }

  /** A request the studio will not accept, with the reason as a message key and arguments. */
  static final class Refused extends RuntimeException {
    final transient Object[] arguments;

    Refused(String key, Object... arguments) {
      super(key, null, false, false);
      this.arguments = arguments;
    }
  }

  void onSubmit(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Accepts an edit of {@code image} from {@code parent} by {@code actor}; the job id. A refused
   * prompt is recorded as a failed job that cost nothing.
   *
   * @throws Refused for a provider or operation that cannot be used, bad input, or a restriction
   */
  String submit(
      StudioAccount actor,
      ImageRecords.Image image,
      ImageRecords.Version parent,
      String providerId,
      String operation,
      Map<String, String> parameters,
      String prompt,
      Locale locale) {
    EditProvider provider =
        providers.byId(providerId).orElseThrow(() -> new Refused("images.provider.unknown"));
    providers
        .refusal(provider, actor.id(), actor.region(), ProcessorTransfers.consented(parameters))
        .ifPresent(
            r -> {
              throw new Refused(r.reason(), r.arguments().toArray());
            });
    EditProvider.Operation op =
        provider
            .operation(operation == null ? "" : operation)
            .orElseThrow(() -> new Refused("images.refused.operation", String.valueOf(operation)));
    String text = prompt == null ? "" : prompt.strip();
    if (text.length() > MAX_PROMPT) {
      throw new Refused("images.refused.prompt-long", MAX_PROMPT);
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (parameters != null) {
      parameters.forEach(
          (k, v) -> {
            if (k != null && v != null && !v.isBlank() && k.matches("[a-z][a-z0-9-]{0,31}")) {
              params.put(k, v.length() > 1000 ? v.substring(0, 1000) : v);
            }
          });
    }
    if (params.size() > MAX_PARAMETERS) {
      throw new Refused("images.refused.parameters", MAX_PARAMETERS);
    }
    for (String who : java.util.List.of(actor.id(), image.owner()).stream().distinct().toList()) {
      if (!restrictions.permits(studio.id(), who, ProcessingPurpose.EDITING)) {
        throw new Refused("images.refused.restricted");
      }
    }
    String id = ImageRecords.newId();
    Instant now = clock.instant();
    boolean refused =
        Boolean.TRUE.equals(
            tx.execute(
                t -> {
                  jdbc.sql(
                          """
                          insert into image_job (job_id, account_id, owner_id, image_id,
                            parent_version_id, provider, operation, mode, parameters, cost, state,
                            created_at)
                          values (:id, :a, :o, :img, :parent, :provider, :op, :mode, :params,
                            :cost, 'queued', :at)
                          """)
                      .param("id", id)
                      .param("a", actor.id())
                      .param("o", image.owner())
                      .param("img", image.id())
                      .param("parent", parent.id())
                      .param("provider", provider.id())
                      .param("op", op.name())
                      .param("mode", op.mode())
                      .param("params", json(params))
                      .param("cost", op.credits())
                      .param("at", Timestamp.from(now))
                      .update();
                  if (!text.isEmpty()) {
                    jdbc.sql(
                            "insert into image_prompt (job_id, account_id, prompt, created_at)"
                                + " values (:id, :a, :p, :at)")
                        .param("id", id)
                        .param("a", actor.id())
                        .param("p", text)
                        .param("at", Timestamp.from(now))
                        .update();
                  }
                  Optional<String> no =
                      text.isEmpty()
                          ? Optional.empty()
                          : moderation.prompt(id, actor.id(), text, locale);
                  if (no.isPresent()) {
                    finish(id, "failed", null, null, failure(no.get(), List.of()));
                    return true;
                  }
                  credits.charge(id, actor.id(), op.credits());
                  return false;
                }));
    if (!refused) {
      listeners.forEach(Runnable::run);
    }
    return id;
  }

  Optional<Job> job(String id) {
    if (!ImageRecords.isId(id)) {
      return Optional.empty();
    }
    return jdbc.sql("select * from image_job where job_id = :id")
        .param("id", id)
        .query(EditJobs::job)
        .optional();
  }

  /** The image's edits, newest first. */
  List<Job> jobsOf(String imageId) {
    return jdbc.sql("select * from image_job where image_id = :i order by created_at desc")
        .param("i", imageId)
        .query(EditJobs::job)
        .list();
  }

  Optional<String> prompt(String jobId) {
    return jdbc.sql("select prompt from image_prompt where job_id = :j")
        .param("j", jobId)
        .query(String.class)
        .optional();
  }

  void finish(String id, String state, String resultVersion, String model, String failure) {
    jdbc.sql(
            "update image_job set state = :s, result_version_id = :v, model = coalesce(:m, model),"
                + " failure = :f, progress = case when :s = 'succeeded' then 1 else progress end,"
                + " finished_at = :at, lease_until = null where job_id = :id")
        .param("s", state)
        .param("v", resultVersion)
        .param("m", model)
        .param("f", failure)
        .param("at", Timestamp.from(clock.instant()))
        .param("id", id)
        .update();
  }

  /** A failure for the user: a message key and its arguments, kept as one text. */
  static String failure(String key, List<String> arguments) {
    try {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("key", key);
      f.put("args", arguments);
      return WorkerProtocol.JSON.writeValueAsString(f);
    } catch (JsonProcessingException e) {
      return key;
    }
  }

  /** The key and arguments of a stored failure. */
  static Map.Entry<String, Object[]> failureOf(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      Map<String, Object> f =
          WorkerProtocol.JSON.readValue(stored, new TypeReference<Map<String, Object>>() {});
      List<?> args = (List<?>) f.getOrDefault("args", List.of());
      return Map.entry(String.valueOf(f.get("key")), args.toArray());
    } catch (JsonProcessingException e) {
      return Map.entry(stored, new Object[0]);
    }
  }

  static String json(Map<String, String> params) {
    try {
      return WorkerProtocol.JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> params(String json) {
    try {
      return WorkerProtocol.JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  static Job job(ResultSet rs, int i) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new Job(
        rs.getString("job_id"),
        rs.getString("account_id"),
        rs.getString("owner_id"),
        rs.getString("image_id"),
        rs.getString("parent_version_id"),
        rs.getString("provider"),
        rs.getString("operation"),
        rs.getString("mode"),
        params(rs.getString("parameters")),
        rs.getString("model"),
        rs.getInt("cost"),
        rs.getString("state"),
        rs.getDouble("progress"),
        rs.getString("progress_message"),
        rs.getInt("attempts"),
        rs.getString("result_version_id"),
        rs.getString("failure"),
        rs.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }
}
