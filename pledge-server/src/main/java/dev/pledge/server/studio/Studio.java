package dev.pledge.server.studio;

import dev.pledge.policy.Contact;
import dev.pledge.policy.Policy;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.ServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The studio's binding to its property ({@code pledge.studio.property-id}, default {@code
 * image-studio}): which requests are the studio's, its policy, and the public address of its pages
 * for links in e-mails. Every studio module asks this instead of naming the property itself.
 */
@Component
public class Studio {

  private final ServedProperty property;
  private final String publicBase;

  Studio(
      PolicyCatalog catalog,
      StudioSettings settings,
      @Value("${pledge.rights.public-base-url:}") String rightsBaseUrl) {
    this.property =
        catalog
            .byId(settings.propertyId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "pledge.studio.property-id is '"
                            + settings.propertyId()
                            + "', but no policy of that property is served; serve its policy"
                            + " (pledge.policies) or set the id of one that is"));
    String base = settings.publicBaseUrl().isBlank() ? rightsBaseUrl : settings.publicBaseUrl();
    this.publicBase = stripSlash(base.strip());
  }

  /** The studio's property. */
  public ServedProperty property() {
    return property;
  }

  /** The property id, as the engine's APIs take it. */
  public String id() {
    return property.id().value();
  }

  public Policy policy() {
    return property.policy();
  }

  /** True when {@code request} belongs to the studio (its host, or its {@code /p/{id}/} prefix). */
  public boolean serves(ServletRequest request) {
    return CurrentProperty.of(request).map(p -> p.id().equals(property.id())).orElse(false);
  }

  /**
   * An absolute link to a studio page, for e-mails: on the configured public base (then under the
   * {@code /p/{id}} prefix), else on the property's first domain.
   */
  public String publicLink(String path) {
    if (!publicBase.isEmpty()) {
      return publicBase + property.pathPrefix() + path;
    }
    if (!property.domains().isEmpty()) {
      return "https://" + property.domains().get(0) + path;
    }
    return "http://localhost:8080" + property.pathPrefix() + path;
  }

  /** The address the studio's e-mails come from: its support contact, else the privacy one. */
  public String mailFrom() {
    Policy policy = property.policy();
    return policy
        .contact(Contact.Role.SUPPORT)
        .or(() -> policy.contact(Contact.Role.PRIVACY))
        .map(Contact::email)
        .filter(e -> e != null && !e.isBlank())
        .orElse(policy.controller().email());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
