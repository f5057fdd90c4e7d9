import dev.pledge.server.images.text.CjkFont;
import dev.pledge.server.images.text.TextLine;
import dev.pledge.server.images.text.TextModels;
import dev.pledge.server.images.text.TextReader;
import dev.pledge.server.images.text.TextReplacer;
import dev.pledge.server.images.text.TextSettings;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Text detection, reading and replacement on a generated 2-megapixel image (1632 × 1224, a
 * shaded, noisy background with eight lines of Chinese and English in several sizes and colours).
 * Prints wall and process CPU time per run (CPU covers every ONNX Runtime thread), the median of
 * the timed runs after warm-up, and the load average at the start and end.
 */
public class TextBench {

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("cores %d, load at start %.2f%n", os.getAvailableProcessors(), os.getSystemLoadAverage());
    BufferedImage image = poster();
    long t0 = System.nanoTime();
    TextModels models = TextModels.load(TextSettings.defaults());
    System.out.printf("models loaded in %.2f s (threads %d)%n", (System.nanoTime() - t0) / 1e9, TextSettings.defaults().threads());
    TextReader reader = new TextReader(models);
    for (int i = 0; i < 3; i++) {
      reader.read(image); // warm-up: JIT, ONNX Runtime's first runs per shape
    }
    double[] detectWall = new double[runs], detectCpu = new double[runs];
    double[] readWall = new double[runs], readCpu = new double[runs];
    int boxes = 0;
    List<TextLine> lines = List.of();
    for (int i = 0; i < runs; i++) {
      long c = os.getProcessCpuTime(), w = System.nanoTime();
      boxes = reader.detect(image).size();
      detectWall[i] = (System.nanoTime() - w) / 1e9;
      detectCpu[i] = (os.getProcessCpuTime() - c) / 1e9;
      c = os.getProcessCpuTime();
      w = System.nanoTime();
      lines = reader.read(image);
      readWall[i] = (System.nanoTime() - w) / 1e9;
      readCpu[i] = (os.getProcessCpuTime() - c) / 1e9;
    }
    System.out.printf("image %d x %d (%.2f MP), %d boxes, %d lines read%n", image.getWidth(), image.getHeight(),
        image.getWidth() * image.getHeight() / 1e6, boxes, lines.size());
    lines.forEach(l -> System.out.printf("  %.3f  %s%n", l.confidence(), l.text()));
    report("detect (wall)", detectWall);
    report("detect (CPU)", detectCpu);
    report("detect + read all lines (wall)", readWall);
    report("detect + read all lines (CPU)", readCpu);
    TextReplacer replacer = new TextReplacer(CjkFont.regular());
    TextLine target = lines.get(1);
    replacer.replace(image, target.box(), target.text(), "夏季特卖 Summer 50%");
    double[] replaceWall = new double[runs];
    for (int i = 0; i < runs; i++) {
      long w = System.nanoTime();
      replacer.replace(image, target.box(), target.text(), "夏季特卖 Summer 50%");
      replaceWall[i] = (System.nanoTime() - w) / 1e9;
    }
    report("replace one line (erase + draw, wall)", replaceWall);
    System.out.printf("load at end %.2f%n", os.getSystemLoadAverage());
  }

  static void report(String what, double[] seconds) {
    double[] s = seconds.clone();
    Arrays.sort(s);
    System.out.printf("%-40s median %.3f s  min %.3f s  max %.3f s  (%d runs)%n", what, s[s.length / 2], s[0], s[s.length - 1], s.length);
  }

  static BufferedImage poster() {
    int w = 1632, h = 1224;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(250, 236, 210), w, h, new Color(200, 220, 240)));
    g.fillRect(0, 0, w, h);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    String[] text = {"春季新品 Spring Collection", "全场八折 20% off everything", "隐私优先 Privacy first",
        "营业时间 9:00 - 21:00", "Visit us at 88 Harbour Road", "会员积分翻倍 Double points",
        "限时优惠 Limited offer", "谢谢光临 Thank you"};
    Color[] colours = {new Color(30, 40, 120), new Color(180, 20, 20), Color.BLACK, new Color(20, 100, 60)};
    for (int i = 0; i < text.length; i++) {
      g.setColor(colours[i % colours.length]);
      g.setFont(CjkFont.regular().deriveFont(30f + 8 * (i % 4)));
      g.drawString(text[i], 100 + 60 * (i % 3), 140 + 135 * i);
    }
    g.dispose();
    Random random = new Random(42); // mild sensor-like noise, so the background is not flat
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        int n = random.nextInt(9) - 4;
        int r = Math.max(0, Math.min(255, ((p >> 16) & 0xff) + n));
        int gg = Math.max(0, Math.min(255, ((p >> 8) & 0xff) + n));
        int b = Math.max(0, Math.min(255, (p & 0xff) + n));
        image.setRGB(x, y, r << 16 | gg << 8 | b);
      }
    }
    return image;
  }
}
