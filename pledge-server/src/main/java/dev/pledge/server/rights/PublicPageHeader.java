package dev.pledge.server.rights;

import dev.pledge.server.policy.CurrentProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the property's own site header ({@link SiteFrame}) into the model of every public rights
 * page, and of every controller marked {@link InSiteFrame}, for {@code privacy/frame.html} to show:
 * the privacy pages are part of the site a person came from, with its name and the way back to it.
 */
@ControllerAdvice(basePackageClasses = PublicPageHeader.class, annotations = InSiteFrame.class)
class PublicPageHeader {

  private final ObjectProvider<SiteFrame> frames;

  PublicPageHeader(ObjectProvider<SiteFrame> frames) {
    this.frames = frames;
  }

  @ModelAttribute("siteHeader")
  SiteFrame.Header siteHeader(HttpServletRequest request) {
    return CurrentProperty.of(request)
        .flatMap(
            p -> frames.orderedStream().map(f -> f.header(p)).flatMap(Optional::stream).findFirst())
        .orElse(null);
  }
}
