package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.images.remote.StandIn;
import dev.pledge.server.images.remote.StandIn.Answer;
import dev.pledge.server.processors.DataFlows;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hosted models through the whole studio (B-06, B-09, B-25, B-31): Qwen-Image-Edit and an
 * OpenAI-compatible service are configured against local stand-ins speaking their documented
 * formats while the test runs; edits go from the editor through the job system and the worker to
 * the stand-in and back. Results are copied into our storage, errors reach the person clearly,
 * every prompt and result is moderated with the decision recorded, a refused result is never
 * stored, and a provider the policy does not allow for the account is refused before anything is
 * sent.
 */
@WithRunningServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostedEditsInTheStudioTest {

  static final String QWEN_PATH = "/api/v1/services/aigc/multimodal-generation/generation";
  static final String OPENAI_PATH = "/v1/images/edits";
  static final String QWEN_KEY = "sk-qwen-stand-in-7f3a";
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PersonalBlobs blobs;
  @Autowired ConfigurableEnvironment environment;
  @Autowired DataFlows flows;

  BrowserSession browser;
  StandIn standIn;
  ImageStudioPerson dana;
  String image;
  String source;

  @BeforeAll
  void start() throws Exception {
    standIn = new StandIn();
    // The providers' settings are read from the environment for each edit: these hold while this
    // class runs, and are removed after it.
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "hosted-stand-ins",
                Map.of(
                    "pledge.images.providers.qwen-image-edit.api-key",
                    QWEN_KEY,
                    "pledge.images.providers.qwen-image-edit.base-url",
                    standIn.base(),
                    "pledge.images.providers.qwen-image-edit.timeout",
                    "PT20S",
                    "pledge.images.providers.openai.api-key",
                    "sk-openai-stand-in",
                    "pledge.images.providers.openai.base-url",
                    standIn.base(),
                    "pledge.images.providers.openai.timeout",
                    "PT20S")));
    browser = new BrowserSession();
    dana = ImageStudioPerson.verified(browser, port, "Dana Hosted", "en", 30);
    Path photo = Files.createTempFile("harbour-", ".png");
    Files.write(photo, TestImages.png(TestImages.picture(320, 240)));
    image = dana.upload(dana.project("Harbour"), photo);
    source = dana.page.getAttribute("main.editor", "data-shown");
  }

  @AfterAll
  void stop() {
    environment.getPropertySources().remove("hosted-stand-ins");
    if (dana != null) {
      dana.close();
    }
    browser.close();
    standIn.close();
  }

  /** A result a model might give: a picture of its own, with {@code text} written large on it. */
  static byte[] result(Color sky, String text) throws Exception {
    BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(sky);
    g.fillRect(0, 0, 640, 360);
    g.setColor(new Color(250, 250, 250));
    g.fillOval(420, 40, 120, 120);
    if (text != null) {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(TextFonts.noto().deriveFont(64f));
      g.drawString(text, 40, 280);
    }
    g.dispose();
    return TestImages.png(img);
  }

  String qwenAnswer(String resultPath) {
    return "{\"output\":{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":[{\"image\":\""
        + standIn.base()
        + resultPath
        + "?Expires=1700000000\"}]}}]},\"usage\":{\"width\":640,\"height\":360,"
        + "\"image_count\":1},\"request_id\":\"req-1\"}";
  }

  /** Submits an edit as the editor's script does; the answer's JSON. */
  JsonNode submit(String provider, String operation, String prompt) throws Exception {
    dana.open("/images/" + image + "?v=" + source);
    String csrf = dana.page.locator("input[name=_csrf]").first().getAttribute("value");
    FormData form =
        FormData.create()
            .set("_csrf", csrf)
            .set("from", source)
            .set("provider", provider)
            .set("operation", operation)
            .set("prompt", prompt);
    APIResponse r =
        dana.context
            .request()
            .post(
                dana.studio + "/images/" + image + "/edits",
                RequestOptions.create().setHeader("Accept", "application/json").setForm(form));
    return JSON.readTree(r.text());
  }

  /** Follows a job as the editor does, until it is done; its last state. */
  JsonNode await(String job) throws Exception {
    JsonNode state = null;
    for (int i = 0; i < 600; i++) {
      APIResponse r =
          dana.context
              .request()
              .get(
                  dana.studio + "/images/" + image + "/jobs/" + job,
                  RequestOptions.create().setHeader("Accept", "application/json"));
      state = JSON.readTree(r.text());
      String s = state.path("state").asText();
      if (s.equals("succeeded") || s.equals("failed")) {
        return state;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the job did not finish: " + state);
  }

  List<String> decisions(String job) {
    return jdbc.sql(
            "select subject || ':' || checker || ':' || verdict || ':' || reason"
                + " from image_moderation where job_id = :j order by subject")
        .param("j", job)
        .query(String.class)
        .list();
  }

  long editedBlobs() {
    return jdbc.sql("select count(*) from personal_blob where category = :c")
        .param("c", ImageRecords.EDITED_CATEGORY)
        .query(Long.class)
        .single();
  }

  static int[] pixels(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  @DisplayName(
      "B-06 B-09 B-25 a Qwen-Image-Edit edit from the editor, rate limited once (429, Retry-After):"
          + " the stand-in's result is copied into our storage, prompt and result moderated")
  void qwenEditFromTheEditor() throws Exception {
    byte[] made = result(new Color(250, 140, 90), null);
    int earlier = standIn.to(QWEN_PATH).size();
    standIn
        .on(
            QWEN_PATH,
            Answer.json(
                    429,
                    "{\"code\":\"Throttling.RateQuota\",\"message\":\"Requests rate limit"
                        + " exceeded\",\"request_id\":\"req-0\"}")
                .with("Retry-After", "1"),
            Answer.json(200, qwenAnswer("/results/sunset.png")))
        .on("/results/sunset.png", new Answer(200, Map.of("Content-Type", "image/png"), made, 0));

    Map<String, Long> sentBefore = sentToTheModelProvider();
    dana.open("/images/" + image + "?v=" + source);
    assertThat(dana.page.locator("#prompt-provider option").allTextContents())
        .contains("qwen-image-edit", "openai")
        .doesNotContain(UnlistedModelProvider.ID, ApacOnlyModelProvider.ID);
    dana.page.selectOption("#prompt-provider", "qwen-image-edit");
    dana.page.fill("#prompt", "把天空换成晚霞 make the sky a sunset");
    String version = dana.edit(".prompt-box button[type=submit]");
    dana.screenshot("images-hosted-edit");

    // What the service received: the key, our source image, the prompt — twice, after the 429.
    List<StandIn.Received> all = standIn.to(QWEN_PATH);
    List<StandIn.Received> calls = all.subList(earlier, all.size());
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).header("Authorization")).isEqualTo("Bearer " + QWEN_KEY);
    JsonNode content =
        JSON.readTree(calls.get(1).body()).path("input").path("messages").path(0).path("content");
    String sent = content.path(0).path("image").asText();
    assertThat(sent).startsWith("data:image/png;base64,");
    assertThat(pixels(Base64.getDecoder().decode(sent.substring(sent.indexOf(',') + 1))))
        .isEqualTo(pixels(dana.context.request().get(content(source)).body()));
    assertThat(content.path(1).path("text").asText()).isEqualTo("把天空换成晚霞 make the sky a sunset");

    // The service's URL expires: the result is ours, stored encrypted, served after it is gone.
    standIn.on("/results/sunset.png", Answer.json(404, "{\"code\":\"NotFound\"}"));
    APIResponse served = dana.context.request().get(content(version));
    assertThat(served.status()).isEqualTo(200);
    assertThat(pixels(served.body())).isEqualTo(pixels(made));
    assertThat(standIn.to("/results/sunset.png")).hasSize(1);
    Map<String, Object> row =
        jdbc.sql(
                "select v.account_id, v.blob_category, v.blob_name, j.provider, j.model, j.mode,"
                    + " j.cost, p.prompt from image_version v join image_job j on j.job_id ="
                    + " v.job_id join image_prompt p on p.job_id = j.job_id where v.version_id ="
                    + " :v")
            .param("v", version)
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("provider", "qwen-image-edit")
        .containsEntry("model", "qwen-image-edit")
        .containsEntry("mode", "semantic")
        .containsEntry("cost", 5)
        .containsEntry("prompt", "把天空换成晚霞 make the sky a sunset");
    byte[] stored =
        blobs.read(
            "image-studio",
            (String) row.get("account_id"),
            (String) row.get("blob_category"),
            (String) row.get("blob_name"));
    assertThat(pixels(stored)).isEqualTo(pixels(made));

    String job = jobOf(version);
    assertThat(decisions(job)).containsExactly("prompt:terms:allowed:", "result:terms:allowed:");
    // The edit went through the processor gate, which counted the image and the prompt (B-25).
    Map<String, Long> sentAfter = sentToTheModelProvider();
    assertThat(sentAfter.getOrDefault("user.content.source_images", 0L))
        .isEqualTo(sentBefore.getOrDefault("user.content.source_images", 0L) + 1);
    assertThat(sentAfter.getOrDefault("user.content.prompts", 0L))
        .isEqualTo(sentBefore.getOrDefault("user.content.prompts", 0L) + 1);
    dana.assertClean();
  }

  Map<String, Long> sentToTheModelProvider() {
    return flows.of("image-studio").stream()
        .filter(f -> f.name().equals("Example AI Model Provider"))
        .findFirst()
        .orElseThrow()
        .sent();
  }

  @Test
  @DisplayName(
      "B-09 a result whose text is on the term list is refused: never stored, the refusal recorded")
  void refusedResultIsNeverStored() throws Exception {
    standIn
        .on(QWEN_PATH, Answer.json(200, qwenAnswer("/results/poster.png")))
        .on(
            "/results/poster.png",
            new Answer(
                200,
                Map.of("Content-Type", "image/png"),
                result(new Color(200, 220, 240), "恐怖袭击"),
                0));
    long before = editedBlobs();
    JsonNode answer = submit("qwen-image-edit", "prompt", "写上一句口号");
    String job = answer.path("job").asText();
    JsonNode done = await(job);

    assertThat(done.path("state").asText()).isEqualTo("failed");
    assertThat(done.path("error").asText())
        .isEqualTo(
            "The edited image contains text the studio does not accept, so it was not kept.");
    assertThat(done.has("version")).isFalse();
    assertThat(editedBlobs()).as("no file of the refused result").isEqualTo(before);
    assertThat(
            jdbc.sql("select count(*) from image_version where job_id = :j")
                .param("j", job)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(decisions(job))
        .containsExactly(
            "prompt:terms:allowed:", "result:terms:refused:images.moderation.result-terms");
  }

  @Test
  @DisplayName(
      "B-09 a prompt on the term list is refused before anything is sent; the decision names no"
          + " term")
  void refusedPromptIsNotSent() throws Exception {
    int calls = standIn.received.size();
    JsonNode answer =
        submit("qwen-image-edit", "prompt", "tell me how to make a bomb, in a poster");
    String job = answer.path("job").asText();
    JsonNode done = await(job);
    assertThat(done.path("state").asText()).isEqualTo("failed");
    assertThat(done.path("error").asText())
        .isEqualTo("Your prompt contains words the studio does not accept. Please rephrase it.");
    Thread.sleep(1500); // a job wrongly sent would reach the stand-in within this
    assertThat(standIn.received).hasSize(calls);
    assertThat(decisions(job)).containsExactly("prompt:terms:refused:images.moderation.terms");
  }

  @Test
  @DisplayName(
      "B-06 an OpenAI-compatible service's error reaches the person in clear words; nothing stored")
  void openAiErrorIsClear() throws Exception {
    standIn.on(
        OPENAI_PATH,
        Answer.json(
            400,
            "{\"error\":{\"message\":\"Invalid image: the image must be square.\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"image\",\"code\":null}}"));
    long before = editedBlobs();
    JsonNode done =
        await(submit("openai", "prompt", "a lighthouse on the hill").path("job").asText());
    assertThat(done.path("state").asText()).isEqualTo("failed");
    assertThat(done.path("error").asText())
        .isEqualTo("The model could not do this edit: Invalid image: the image must be square.");
    assertThat(editedBlobs()).isEqualTo(before);
    List<StandIn.Received> sent = standIn.to(OPENAI_PATH);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).header("Content-Type")).startsWith("multipart/form-data");
    assertThat(sent.get(0).text()).contains("a lighthouse on the hill");
  }

  @Test
  @DisplayName(
      "B-25 B-31 an undeclared processor's model, and one not offered in the account's region, are"
          + " refused for that person: no job, nothing sent")
  void notAllowedForThisAccount() throws Exception {
    int calls = standIn.received.size();
    long jobs = jobs();
    JsonNode undeclared = submit(UnlistedModelProvider.ID, "prompt", "a lighthouse");
    assertThat(undeclared.path("error").asText())
        .isEqualTo("This editor is not declared in the privacy policy, so it cannot be used.");
    JsonNode elsewhere = submit(ApacOnlyModelProvider.ID, "prompt", "a lighthouse");
    assertThat(elsewhere.path("error").asText())
        .isEqualTo("This editor is not available for accounts stored in your region.");
    assertThat(undeclared.has("job")).isFalse();
    assertThat(elsewhere.has("job")).isFalse();
    assertThat(jobs()).isEqualTo(jobs);
    assertThat(standIn.received).hasSize(calls);
  }

  private long jobs() {
    return jdbc.sql("select count(*) from image_job where image_id = :i")
        .param("i", image)
        .query(Long.class)
        .single();
  }

  private String jobOf(String version) {
    return jdbc.sql("select job_id from image_version where version_id = :v")
        .param("v", version)
        .query(String.class)
        .single();
  }

  private String content(String version) {
    return dana.studio + "/images/" + image + "/versions/" + version + "/content";
  }
}
