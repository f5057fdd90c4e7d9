package dev.pledge.server.site;

import dev.pledge.server.site.ContentResolver.PageFound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The site's navigation, built from every page's front matter: the home page first, then the pages
 * at the root and one entry per top-level folder (a section), ordered by {@code nav.order} and then
 * by label. A section takes its label and order from its {@code index} page and lists the pages
 * inside it in the same order.
 *
 * <p>Building it needs every page, so it is kept per content root and the folder is walked again at
 * most once a second to notice added, removed or edited pages.
 */
@Component
class SiteNavigation {

  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Comparator<String> BY_LABEL =
      Comparator.comparing(label -> label.toLowerCase(Locale.ROOT));

  private final ContentResolver resolver;
  private final PageCache cache;
  private final Map<Path, Checked> byRoot = new ConcurrentHashMap<>();

  SiteNavigation(ContentResolver resolver, PageCache cache) {
    this.resolver = resolver;
    this.cache = cache;
  }

  /** One entry of the top navigation: the home page, a page at the root, or a section. */
  record NavItem(String url, String label, String section, List<ContentPage> pages) {
    NavItem {
      pages = List.copyOf(pages);
    }

    /** Whether the page at {@code url} is this entry or lies inside its section. */
    public boolean contains(String currentUrl) {
      if (url.equals(currentUrl)) {
        return true;
      }
      return section != null && pages.stream().anyMatch(p -> p.url().equals(currentUrl));
    }
  }

  /**
   * The whole navigation of one content root.
   *
   * @param items the top navigation, in order
   * @param pages every page, hidden ones included, in navigation order
   * @param version changes whenever any page file changes; part of every page's ETag
   * @param lastModified when the navigation last changed: the newest page file's modification time,
   *     or the moment a page was found added or removed
   */
  record Navigation(
      List<NavItem> items, List<ContentPage> pages, String version, Instant lastModified) {
    Navigation {
      items = List.copyOf(items);
      pages = List.copyOf(pages);
    }

    /** The section entry a page belongs to, for the section menu beside it. */
    Optional<NavItem> sectionOf(ContentPage page) {
      return page.section() == null
          ? Optional.empty()
          : items.stream().filter(i -> page.section().equals(i.section())).findFirst();
    }

    /** The name the site's pages carry: its home page's title, else {@code fallback}. */
    public String siteName(String fallback) {
      return pages.stream()
          .filter(ContentPage::isHome)
          .map(ContentPage::title)
          .findFirst()
          .orElse(fallback);
    }

    /** The sections with the pages they list, for the home page's overview. */
    public List<NavItem> sections() {
      return items.stream().filter(i -> i.section() != null).toList();
    }
  }

  private record Checked(Navigation navigation, String fingerprint, long checkedAt) {}

  Navigation of(Path root) {
    long now = System.nanoTime();
    Checked checked = byRoot.get(root);
    if (checked != null && now - checked.checkedAt() < RECHECK_NANOS) {
      return checked.navigation();
    }
    List<PageFound> found = resolver.pages(root);
    List<ContentPage> pages = new ArrayList<>(found.size());
    for (PageFound file : found) {
      try {
        pages.add(cache.get(file.file(), file.url()));
      } catch (IOException e) {
        // Deleted or unreadable between the walk and the read: it is simply not in the menu.
      }
    }
    String fingerprint = fingerprint(pages);
    if (checked != null && checked.fingerprint().equals(fingerprint)) {
      byRoot.put(root, new Checked(checked.navigation(), fingerprint, now));
      return checked.navigation();
    }
    // A removed page changes every page's menu without touching any remaining file, so a change
    // noticed after the first build counts as a modification now.
    Instant changed = checked == null ? Instant.EPOCH : Instant.now();
    Navigation navigation = build(pages, fingerprint, changed);
    byRoot.put(root, new Checked(navigation, fingerprint, now));
    return navigation;
  }

  private static Navigation build(List<ContentPage> pages, String fingerprint, Instant changed) {
    Comparator<ContentPage> pageOrder =
        Comparator.comparing(
                (ContentPage p) -> p.navOrder() == null ? Integer.MAX_VALUE : p.navOrder())
            .thenComparing(ContentPage::navLabel, BY_LABEL)
            .thenComparing(ContentPage::url);
    List<ContentPage> sorted = pages.stream().sorted(pageOrder).toList();

    record Ranked(NavItem item, int order) {}
    List<Ranked> ranked = new ArrayList<>();
    Map<String, List<ContentPage>> sections = new LinkedHashMap<>();
    NavItem home = null;
    for (ContentPage page : sorted) {
      if (page.section() != null) {
        sections.computeIfAbsent(page.section(), s -> new ArrayList<>()).add(page);
      } else if (!page.navHidden()) {
        NavItem item = new NavItem(page.url(), page.navLabel(), null, List.of());
        if (page.isHome()) {
          home = item;
        } else {
          ranked.add(new Ranked(item, orderOf(page.navOrder())));
        }
      }
    }
    sections.forEach(
        (section, inSection) -> {
          Optional<ContentPage> index =
              inSection.stream().filter(ContentPage::sectionIndex).findFirst();
          List<ContentPage> listed =
              inSection.stream().filter(p -> !p.sectionIndex() && !p.navHidden()).toList();
          if (index.map(ContentPage::navHidden).orElse(false)
              || (index.isEmpty() && listed.isEmpty())) {
            return;
          }
          String url =
              index.map(ContentPage::url).orElse(listed.isEmpty() ? null : listed.get(0).url());
          String label = index.map(ContentPage::navLabel).orElse(PageFiles.humanize(section));
          int order =
              index
                  .map(p -> orderOf(p.navOrder()))
                  .orElse(
                      listed.stream()
                          .mapToInt(p -> orderOf(p.navOrder()))
                          .min()
                          .orElse(Integer.MAX_VALUE));
          ranked.add(new Ranked(new NavItem(url, label, section, listed), order));
        });
    ranked.sort(
        Comparator.comparingInt(Ranked::order).thenComparing(r -> r.item().label(), BY_LABEL));
    List<NavItem> items = new ArrayList<>();
    if (home != null) {
      items.add(home);
    }
    ranked.forEach(r -> items.add(r.item()));
    Instant lastModified =
        pages.stream()
            .map(p -> p.modified().toInstant())
            .max(Comparator.naturalOrder())
            .filter(newest -> newest.isAfter(changed))
            .orElse(changed);
    return new Navigation(items, sorted, fingerprint, lastModified);
  }

  private static int orderOf(Integer order) {
    return order == null ? Integer.MAX_VALUE : order;
  }

  /** Changes when any page is added, removed, moved or edited. */
  private static String fingerprint(List<ContentPage> pages) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      pages.stream()
          .sorted(Comparator.comparing(ContentPage::url))
          .forEach(
              p ->
                  digest.update(
                      (p.url() + '\0' + p.modified().toMillis() + '\0' + p.size() + '\n')
                          .getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
