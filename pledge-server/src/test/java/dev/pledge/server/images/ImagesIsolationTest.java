package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation for images (B-14): every studio route that takes an image, version, job or
 * project id — read from the studio's handler mapping, so a route added later is tried too — is
 * called by one signed-in account with another account's ids. Each answers 404, like an id that
 * does not exist, and nothing of the other account changes: not its images, versions, history, link
 * or files.
 */
@WithRunningServer
class ImagesIsolationTest {

  static final Set<String> ID_NAMES =
      Set.of("imageId", "versionId", "jobId", "projectId", "v", "from", "job");

  static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Autowired
  @Qualifier("studioHandlerMapping")
  RequestMappingHandlerMapping studioRoutes;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName("B-14 every images route refuses another account's ids with 404, changing nothing")
  void everyRouteRefusesForeignIds() throws Exception {
    Path file = Files.createTempFile("victim-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(120, 90)));
    try (var v = ImageStudioPerson.verified(browser, port, "Vic Victim", "en", 30);
        var m = ImageStudioPerson.verified(browser, port, "Mal Attacker", "en", 30)) {
      String project = v.project("Private things");
      String image = v.upload(project, file);
      String original = v.page.locator("main").getAttribute("data-shown");
      v.page.click("[data-share-on]");
      v.open("/images/" + image);
      String edited = v.edit("[data-op=rotate]");
      String job =
          jdbc.sql("select job_id from image_job where result_version_id = :v")
              .param("v", edited)
              .query(String.class)
              .single();
      Map<String, String> ids = new LinkedHashMap<>();
      ids.put("imageId", image);
      ids.put("versionId", original);
      ids.put("jobId", job);
      ids.put("projectId", project);
      ids.put("v", original);
      ids.put("from", original);
      ids.put("job", job);
      String before = snapshot(image, project);

      // The attacker has things of their own, and a valid CSRF token.
      String own = m.project("Mine");
      m.open("/images/projects/" + own);
      String csrf = m.page.locator("input[name=_csrf]").first().getAttribute("value");

      List<String> tried = new ArrayList<>();
      List<String> answered = new ArrayList<>();
      for (Map.Entry<RequestMappingInfo, HandlerMethod> route :
          studioRoutes.getHandlerMethods().entrySet()) {
        boolean takesIds = false;
        Map<String, String> params = new LinkedHashMap<>();
        for (MethodParameter p : route.getValue().getMethodParameters()) {
          // Names are found on a handler's first call; a route no test called yet has none.
          p.initParameterNameDiscovery(NAMES);
          RequestParam rp = p.getParameterAnnotation(RequestParam.class);
          PathVariable pv = p.getParameterAnnotation(PathVariable.class);
          String name =
              rp != null
                  ? rp.name()
                  : pv != null ? (pv.value().isEmpty() ? p.getParameterName() : pv.value()) : null;
          if (name != null && ID_NAMES.contains(name)) {
            takesIds = true;
            params.put(name, ids.get(name));
          }
        }
        // The developer API's routes take bearer keys, not the session: ApiIsolationTest tries
        // each of them, from the OpenAPI document, with another account's ids.
        if (!takesIds
            || route.getKey().getPatternValues().stream().anyMatch(x -> x.startsWith("/api/v1"))) {
          continue;
        }
        for (String pattern : route.getKey().getPatternValues()) {
          String path = pattern;
          for (var id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
          }
          Set<RequestMethod> methods = route.getKey().getMethodsCondition().getMethods();
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            APIResponse r;
            if (method == RequestMethod.GET) {
              StringBuilder q = new StringBuilder();
              for (var e : params.entrySet()) {
                if (!pattern.contains("{" + e.getKey() + "}")) {
                  q.append(q.length() == 0 ? "?" : "&")
                      .append(e.getKey())
                      .append('=')
                      .append(e.getValue());
                }
              }
              r = m.context.request().get(m.studio + path + q);
            } else {
              FormData form = FormData.create().set("_csrf", csrf).set("operation", "rotate");
              for (var e : params.entrySet()) {
                if (!pattern.contains("{" + e.getKey() + "}")) {
                  form.set(e.getKey(), e.getValue());
                }
              }
              r =
                  m.context
                      .request()
                      .post(
                          m.studio + path,
                          RequestOptions.create().setForm(form).setMaxRedirects(0));
            }
            tried.add(method + " " + pattern);
            if (r.status() != 404) {
              answered.add(method + " " + pattern + " → " + r.status());
            }
          }
        }
      }
      assertThat(tried).as("routes that take ids").hasSizeGreaterThanOrEqualTo(14);
      assertThat(answered).as("routes that did not answer 404 to another account's ids").isEmpty();
      assertThat(snapshot(image, project)).as("nothing of the victim changed").isEqualTo(before);
      // And the gallery shows none of it.
      m.open("/images");
      assertThat(m.page.content()).doesNotContain(image).doesNotContain("Private things");
    }
  }

  String snapshot(String image, String project) {
    return jdbc.sql(
            """
            select (select string_agg(version_id || ':' || coalesce(label, '') || ':' || starred,
                      ',' order by version_id) from image_version where image_id = :i)
              || '|' || (select count(*) from image_job where image_id = :i)
              || '|' || (select name || retention from image where image_id = :i)
              || '|' || (select name from image_project where project_id = :p)
              || '|' || (select enabled::text || encode(token_hash, 'hex') from image_share
                         where image_id = :i)
              || '|' || (select count(*) from personal_blob)
            """)
        .param("i", image)
        .param("p", project)
        .query(String.class)
        .single();
  }
}
