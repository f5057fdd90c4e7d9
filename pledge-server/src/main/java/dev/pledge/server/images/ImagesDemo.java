package dev.pledge.server.images;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.accounts.StudioDemo;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's images ({@code pledge demo} only): the demo user gets a project with two pictures
 * drawn here (no third-party image, nothing to license) and a short history made by real edits —
 * text in Chinese and English, a style on top, and a branch — run by the worker like any other.
 */
@Component
class ImagesDemo {

  private static final Logger log = LoggerFactory.getLogger(ImagesDemo.class);

  static final String PROJECT = "Spring poster";

  private final PledgeSettings settings;
  private final StudioAccounts accounts;
  private final ImageRecords records;
  private final ImageLibrary library;
  private final ImagePlans plans;
  private final EditJobs jobs;
  private final Clock clock;

  ImagesDemo(
      PledgeSettings settings,
      StudioAccounts accounts,
      ImageRecords records,
      ImageLibrary library,
      ImagePlans plans,
      EditJobs jobs,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.records = records;
    this.library = library;
    this.plans = plans;
    this.jobs = jobs;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(100)
  void atStart() {
    if (!settings.demo() || settings.maintenance()) {
      return;
    }
    Optional<StudioAccount> dana = accounts.activeByUsername("dana");
    if (dana.isEmpty()
        || !StudioDemo.EMAIL.equalsIgnoreCase(dana.get().email())
        || !records.projectsOf(dana.get().id(), List.of()).isEmpty()) {
      return;
    }
    try {
      seed(dana.get());
      log.info("Created the demo's image project for the studio user, with a short edit history");
    } catch (IOException | RuntimeException e) {
      log.warn("The demo's images could not be created: {}", e.getClass().getSimpleName());
    }
  }

  private void seed(StudioAccount dana) throws IOException {
    ImageRecords.Project project = records.createProject(dana.id(), null, PROJECT, clock.instant());
    ImageLimits limits = plans.limits(dana.id());
    CleanImage meadow =
        ImageInspector.clean(ImageCodecs.encode(meadow(1600, 1000), ImageFormat.JPEG), limits);
    ImageLibrary.Uploaded first = library.store(project, "meadow.jpg", meadow);
    CleanImage city =
        ImageInspector.clean(ImageCodecs.encode(city(1200, 1200), ImageFormat.PNG), limits);
    ImageLibrary.Uploaded second = library.store(project, "city-at-night.png", city);
    Locale en = Locale.ENGLISH;
    jobs.submit(
        dana,
        first.image(),
        first.version(),
        EditProvider.BUILT_IN,
        "add-text",
        Map.of("text", "春天 Spring", "size", "150", "y", "0.22", "outline", "#203040"),
        "Title for the poster",
        en);
    jobs.submit(
        dana,
        first.image(),
        first.version(),
        EditProvider.BUILT_IN,
        "white-balance",
        Map.of("temperature", "40"),
        "",
        en);
    jobs.submit(
        dana,
        second.image(),
        second.version(),
        EditProvider.BUILT_IN,
        "posterise",
        Map.of("levels", "5"),
        "",
        en);
  }

  /** A meadow under a morning sky: gradients, hills, a sun and flowers. */
  static BufferedImage meadow(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new GradientPaint(0, 0, new Color(120, 170, 235), 0, h * 0.6f, new Color(250, 220, 190)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(255, 236, 150));
    g.fillOval((int) (w * 0.72), (int) (h * 0.12), h / 5, h / 5);
    hill(g, w, h, 0.55, new Color(98, 160, 90));
    hill(g, w, h, 0.68, new Color(70, 135, 70));
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 220; i++) {
      int x = r.nextInt(w);
      int y = (int) (h * 0.72) + r.nextInt((int) (h * 0.28));
      g.setColor(
          i % 3 == 0
              ? new Color(250, 250, 250)
              : i % 3 == 1 ? new Color(250, 200, 60) : new Color(230, 110, 150));
      g.fillOval(x, y, 9, 9);
    }
    g.dispose();
    return img;
  }

  private static void hill(Graphics2D g, int w, int h, double top, Color c) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, h);
    for (int x = 0; x <= w; x += 20) {
      p.lineTo(x, h * top + Math.sin(x / (double) w * Math.PI * 2.2 + top * 9) * h * 0.05);
    }
    p.lineTo(w, h);
    p.closePath();
    g.setColor(c);
    g.fill(p);
  }

  /** A city skyline at night with lit windows. */
  static BufferedImage city(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(15, 20, 60), 0, h, new Color(90, 50, 120)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(240, 240, 220));
    g.fillOval(w / 6, h / 8, w / 10, w / 10);
    java.util.Random r = new java.util.Random(11);
    int x = 0;
    while (x < w) {
      int bw = 60 + r.nextInt(90);
      int bh = h / 4 + r.nextInt(h / 2);
      g.setColor(new Color(25 + r.nextInt(20), 25 + r.nextInt(20), 45 + r.nextInt(30)));
      g.fillRect(x, h - bh, bw, bh);
      for (int wy = h - bh + 12; wy < h - 12; wy += 22) {
        for (int wx = x + 8; wx < x + bw - 12; wx += 18) {
          if (r.nextInt(3) > 0) {
            g.setColor(new Color(255, 210 + r.nextInt(40), 120));
            g.fillRect(wx, wy, 8, 12);
          }
        }
      }
      x += bw + 4;
    }
    g.setStroke(new BasicStroke(3));
    g.dispose();
    return img;
  }
}
