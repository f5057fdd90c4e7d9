package dev.pledge.server.site;

import dev.pledge.policy.Channel;
import dev.pledge.policy.Contact;
import dev.pledge.policy.Policy;
import dev.pledge.policy.Right;
import dev.pledge.server.analytics.PageAnalytics;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.policychanges.PolicyChanges;
import dev.pledge.server.site.ContentResolver.AssetFound;
import dev.pledge.server.site.ContentResolver.BundledAssetFound;
import dev.pledge.server.site.ContentResolver.MovedTo;
import dev.pledge.server.site.ContentResolver.PageFound;
import dev.pledge.server.site.ContentResolver.Resolution;
import dev.pledge.server.site.SiteNavigation.Navigation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.Controller;
import org.springframework.web.util.UriUtils;

/**
 * Serves a static site's content: rendered pages in their layout, assets as they are, redirects to
 * clean URLs, and a helpful "not found" page. Every response carries the site's security headers
 * and every page and asset a validator (ETag and Last-Modified), so a revisit costs a 304.
 *
 * <p>Pages set no cookie, use no storage and load nothing from another origin, so they read the
 * same with JavaScript off and cookies blocked.
 */
@Component
class SiteController implements Controller {

  private static final Logger log = LoggerFactory.getLogger(SiteController.class);

  private static final String NO_CACHE = "no-cache";

  private static final int SUGGESTIONS = 3;

  /**
   * Types the JDK's and Spring's tables get wrong or lack; a wrong type would be refused by the
   * browser under {@code nosniff}.
   */
  private static final Map<String, String> TYPES =
      Map.of(
          "avif", "image/avif",
          "webp", "image/webp",
          "svg", "image/svg+xml",
          "css", "text/css;charset=UTF-8",
          "js", "text/javascript;charset=UTF-8",
          "woff2", "font/woff2",
          "ico", "image/x-icon",
          "txt", "text/plain;charset=UTF-8");

  private final SiteContent content;
  private final ContentResolver resolver;
  private final PageCache pages;
  private final SiteNavigation navigation;
  private final SiteViews views;
  private final PolicyChanges changes;

  /** Templates and code can change only with a restart: part of every page's validators. */
  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  SiteController(
      SiteContent content,
      ContentResolver resolver,
      PageCache pages,
      SiteNavigation navigation,
      SiteViews views,
      PolicyChanges changes) {
    this.changes = changes;
    this.content = content;
    this.views = views;
    this.resolver = resolver;
    this.pages = pages;
    this.navigation = navigation;
  }

  @Override
  public ModelAndView handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    SiteSecurityHeaders.apply(response);
    Optional<ServedProperty> property = CurrentProperty.of(request);
    Optional<Path> root = content.rootFor(request);
    if (property.isEmpty() || root.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return null;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().write("This site is read-only: only GET and HEAD are answered here.\n");
      return null;
    }
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    Optional<RequestPath> path =
        uri.startsWith(context)
            ? RequestPath.parse(uri.substring(context.length()))
            : Optional.empty();
    Navigation nav = navigation.of(root.get());
    if (path.isEmpty()) {
      return notFound(request, property.get(), nav);
    }
    Resolution resolution = resolver.resolve(root.get(), path.get());
    try {
      if (resolution instanceof PageFound found) {
        return page(request, response, property.get(), nav, found);
      }
      if (resolution instanceof AssetFound asset) {
        return asset(request, response, asset);
      }
      if (resolution instanceof BundledAssetFound bundled) {
        return bundled(request, response, bundled);
      }
      if (resolution instanceof MovedTo moved) {
        return movedPermanently(request, response, moved.url());
      }
    } catch (IOException e) {
      // The file vanished or became unreadable between lookup and read: for the reader it is
      // simply not there; the operator gets the reason.
      log.warn("Could not read {} for {}: {}", uri, property.get().id(), e.getMessage());
      if (response.isCommitted()) {
        return null;
      }
      response.reset();
      SiteSecurityHeaders.apply(response);
    }
    return notFound(request, property.get(), nav);
  }

  private ModelAndView page(
      HttpServletRequest request,
      HttpServletResponse response,
      ServedProperty property,
      Navigation nav,
      PageFound found)
      throws IOException {
    ContentPage page = pages.get(found.file(), found.url());
    PolicyChanges.PageNotice notice = changes.pageNotice(property.id().value());
    String etag =
        quoted(
            digest(
                nav.version(),
                page.url(),
                Long.toString(page.modified().toMillis()),
                Long.toString(page.size()),
                property.sha256(),
                startedAt.toString(),
                request.getContextPath(),
                notice
                    .change()
                    .map(c -> c.id() + (c.inForce() ? "-in-force" : "-upcoming"))
                    .orElse("-")));
    // The notice of a policy change comes and goes without the page's file changing.
    Instant lastModified =
        latest(
            page.modified().toInstant(),
            nav.lastModified(),
            startedAt,
            notice.changedAt().orElse(Instant.EPOCH));
    if (new ServletWebRequest(request, response)
        .checkNotModified(etag, lastModified.toEpochMilli())) {
      return null;
    }
    response.setHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    ModelAndView view = frame(page.layout().view, property, nav, page.url(), page.title());
    view.addObject("page", page);
    view.addObject("section", nav.sectionOf(page).orElse(null));
    return view;
  }

  /**
   * Renders the site's "not found" page for a request no handler saw — a path refused for its
   * encoding before Spring MVC ({@code /docs%2Findex}, {@code %00}, {@code /%2e%2e/}) — with the
   * site's headers. False, having written nothing, when the property has no site content.
   */
  boolean renderNotFound(
      ServedProperty property, HttpServletRequest request, HttpServletResponse response)
      throws Exception {
    Optional<Path> root = content.rootFor(property);
    if (root.isEmpty()) {
      return false;
    }
    ModelAndView view = notFound(request, property, navigation.of(root.get()));
    SiteSecurityHeaders.apply(response);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    view.getView().render(view.getModel(), request, response);
    return true;
  }

  private ModelAndView notFound(
      HttpServletRequest request, ServedProperty property, Navigation nav) {
    String uri = request.getRequestURI();
    String requested =
        uri.startsWith(request.getContextPath())
            ? uri.substring(request.getContextPath().length())
            : uri;
    String shown = requested.length() > 120 ? requested.substring(0, 120) + "…" : requested;
    ModelAndView view = frame("site/not-found", property, nav, null, "Page not found");
    view.setStatus(HttpStatus.NOT_FOUND);
    view.addObject("requested", readable(shown));
    view.addObject("suggestions", PageSuggestions.closest(requested, nav.pages(), SUGGESTIONS));
    return view;
  }

  /**
   * The address as a person typed it; left encoded when it does not decode cleanly or decodes to
   * control characters ({@code %00}).
   */
  static String readable(String path) {
    try {
      String decoded = UriUtils.decode(path, StandardCharsets.UTF_8);
      return decoded.chars().anyMatch(Character::isISOControl) ? path : decoded;
    } catch (IllegalArgumentException e) {
      return path;
    }
  }

  /** The model every site template's frame needs: header, navigation and footer. */
  private ModelAndView frame(
      String viewName, ServedProperty property, Navigation nav, String currentUrl, String title) {
    Policy policy = property.policy();
    Optional<String> editorial =
        policy.contact(Contact.Role.EDITORIAL).map(Contact::email).filter(e -> !e.isBlank());
    String siteName = nav.siteName(property.name());
    ModelAndView view = new ModelAndView(views.named(viewName));
    view.addObject("siteName", siteName);
    view.addObject("title", title);
    view.addObject("nav", nav);
    view.addObject("currentUrl", currentUrl);
    view.addObject("editorialEmail", editorial.orElse(null));
    view.addObject("requestSubject", editorialRequestSubject(policy).orElse(null));
    view.addObject("trackerDomain", PageAnalytics.trackedDomain(property).orElse(null));
    view.addObject("trackerEvents", PageAnalytics.trackedEvents(property));
    view.addObject("policyChange", changes.pageNotice(property.id().value()).change().orElse(null));
    return view;
  }

  /** The subject line that starts a deletion request by e-mail to the editors, if any. */
  private static Optional<String> editorialRequestSubject(Policy policy) {
    return policy.channels().stream()
        .filter(c -> c.kind() == Channel.Kind.EMAIL && c.contact() == Contact.Role.EDITORIAL)
        .filter(c -> c.starts() == Right.Kind.ERASURE)
        .map(Channel::subject)
        .filter(s -> s != null && !s.isBlank())
        .findFirst();
  }

  private static ModelAndView asset(
      HttpServletRequest request, HttpServletResponse response, AssetFound asset)
      throws IOException {
    Path file = asset.file().real();
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    long modified = attributes.lastModifiedTime().toMillis();
    if (notModified(request, response, attributes.size(), modified)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      send(request, response, asset.file().name(), attributes.size(), in);
    }
    return null;
  }

  private static ModelAndView bundled(
      HttpServletRequest request, HttpServletResponse response, BundledAssetFound bundled)
      throws IOException {
    long size = bundled.resource().contentLength();
    long modified = bundled.resource().lastModified();
    if (notModified(request, response, size, modified)) {
      return null;
    }
    try (InputStream in = bundled.resource().getInputStream()) {
      send(request, response, bundled.name(), size, in);
    }
    return null;
  }

  private static boolean notModified(
      HttpServletRequest request, HttpServletResponse response, long size, long modified) {
    String etag = quoted(Long.toHexString(size) + "-" + Long.toHexString(modified));
    return new ServletWebRequest(request, response).checkNotModified(etag, modified);
  }

  private static void send(
      HttpServletRequest request,
      HttpServletResponse response,
      String name,
      long size,
      InputStream in)
      throws IOException {
    response.setContentType(contentType(name));
    response.setContentLengthLong(size);
    response.setHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    if ("HEAD".equals(request.getMethod())) {
      return;
    }
    try (OutputStream out = response.getOutputStream()) {
      in.transferTo(out);
    }
  }

  static String contentType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    String known = TYPES.get(extension);
    if (known != null) {
      return known;
    }
    MediaType type =
        MediaTypeFactory.getMediaType(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM);
    if ("text".equals(type.getType()) && type.getCharset() == null) {
      type = new MediaType(type, StandardCharsets.UTF_8);
    }
    return type.toString();
  }

  private static ModelAndView movedPermanently(
      HttpServletRequest request, HttpServletResponse response, String url) {
    String query = request.getQueryString();
    response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
    response.setHeader(
        HttpHeaders.LOCATION,
        request.getContextPath() + url + (query == null || query.isEmpty() ? "" : "?" + query));
    return null;
  }

  private static Instant latest(Instant... instants) {
    Instant latest = Instant.EPOCH;
    for (Instant instant : instants) {
      if (instant.isAfter(latest)) {
        latest = instant;
      }
    }
    return latest;
  }

  private static String quoted(String tag) {
    return "\"" + tag + "\"";
  }

  private static String digest(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(parts)) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
