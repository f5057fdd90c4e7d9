// Image benchmarks (issue 14), run by bench/images/run.sh with the server jar on the class path:
//   java -cp pledge-server.jar ImageBench.java generate DIR      test files (12 MP photo-like JPEG
//                                                              with phone metadata, a 10 MB upload)
//   java -cp pledge-server.jar ImageBench.java ops FILE OUTDIR RUNS
//        decode + operation + encode in a real worker process (the server's ImageWorker, warm, as
//        the server keeps it), timed from the request written to the result read
//   java -cp pledge-server.jar ImageBench.java strip RUNS FILE...
//        metadata removal in process (ImageCleaner, what uploads go through), warm
import dev.pledge.server.images.ImageCleaner;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

public class ImageBench {

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> generate(Path.of(args[1]));
      case "ops" -> ops(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "strip" -> strip(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  // ------------------------------------------------------------------------------- test files

  static void generate(Path dir) throws Exception {
    Files.createDirectories(dir);
    // Grain 8 gives about 3 MB at quality 0.9, like a phone's 12 MP photo.
    BufferedImage photo = photo(4000, 3000, 8);
    byte[] jpeg = jpeg(photo, 0.9f);
    Files.write(dir.resolve("photo-12mp.jpg"), withPhoneExif(jpeg));
    // An upload of just under 10 MB (10,000,000 bytes): noise does not compress.
    BufferedImage noisy = photo(4000, 3000, 40);
    float q = 0.97f;
    byte[] upload = jpeg(noisy, q);
    while (upload.length > 10_000_000 && q > 0.5f) {
      q -= 0.01f;
      upload = jpeg(noisy, q);
    }
    Files.write(dir.resolve("upload-10mb.jpg"), withPhoneExif(upload));
    System.out.printf("generated %s (%d bytes), upload-10mb.jpg (%d bytes, quality %.2f)%n",
        "photo-12mp.jpg", Files.size(dir.resolve("photo-12mp.jpg")),
        Files.size(dir.resolve("upload-10mb.jpg")), q);
  }

  /** Gradients, shapes and grain: compresses like a photo, not like a flat test card. */
  static BufferedImage photo(int w, int h, int grain) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(60, 110, 190), w, h, new Color(240, 190, 110)));
    g.fillRect(0, 0, w, h);
    Random r = new Random(42);
    for (int i = 0; i < 400; i++) {
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 90));
      int s = 20 + r.nextInt(400);
      g.fillOval(r.nextInt(w), r.nextInt(h), s, s);
    }
    g.dispose();
    int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      int n = r.nextInt(2 * grain + 1) - grain;
      int c = px[i];
      px[i] = (clamp(((c >> 16) & 255) + n) << 16) | (clamp(((c >> 8) & 255) + n) << 8)
          | clamp((c & 255) + n);
    }
    return img;
  }

  static int clamp(int v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }

  static byte[] jpeg(BufferedImage img, float quality) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(s);
      w.write(null, new IIOImage(img, null, null), p);
    }
    w.dispose();
    return out.toByteArray();
  }

  /** An EXIF segment as phones write it: camera, serial, date, GPS, and a 160×120 thumbnail. */
  static byte[] withPhoneExif(byte[] jpeg) throws Exception {
    byte[] thumb = jpeg(photo(160, 120, 1), 0.8f);
    ByteBuffer t = ByteBuffer.allocate(600 + thumb.length);
    // IFD0 at 8: Make, Model, Orientation, ExifIFD, GPS; IFD1 with the thumbnail.
    t.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    int ifd0 = 8, exif = 100, gps = 160, ifd1 = 300, data = 400;
    t.position(ifd0);
    t.putShort((short) 5);
    entry(t, 0x010f, 2, 11, data);
    entry(t, 0x0110, 2, 9, data + 12);
    t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
    entry(t, 0x8769, 4, 1, exif);
    entry(t, 0x8825, 4, 1, gps);
    t.putInt(ifd1);
    t.position(exif);
    t.putShort((short) 2);
    entry(t, 0x9003, 2, 20, data + 24);
    entry(t, 0xa431, 2, 13, data + 44);
    t.putInt(0);
    t.position(gps);
    t.putShort((short) 4);
    t.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
    entry(t, 2, 5, 3, data + 60);
    t.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});
    entry(t, 4, 5, 3, data + 84);
    t.putInt(0);
    t.position(ifd1);
    t.putShort((short) 2);
    entry(t, 0x0201, 4, 1, 600);
    entry(t, 0x0202, 4, 1, thumb.length);
    t.putInt(0);
    t.position(data);
    t.put("Examplecam\0\0".getBytes(StandardCharsets.US_ASCII));
    t.put("X100 Pro\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    t.put("2024:05:17 10:31:00\0".getBytes(StandardCharsets.US_ASCII));
    t.put("SN-0042-7781\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    t.position(data + 60);
    t.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2998).putInt(100);
    t.position(data + 84);
    t.putInt(2).putInt(1).putInt(17).putInt(1).putInt(4020).putInt(100);
    t.position(600);
    t.put(thumb);
    byte[] tiff = t.array();
    int len = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + len + 4);
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write(len >> 8);
    out.write(len & 0xff);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  static void entry(ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  // -------------------------------------------------------------------------------- operations

  static void ops(Path file, Path outDir, int runs) throws Exception {
    Files.createDirectories(outDir);
    byte[] source = Files.readAllBytes(file);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The worker as the server starts it (WorkerPool): its own heap, exits when out of it.
    Process worker =
        new ProcessBuilder(
                java, "-Xmx1g", "-Xms32m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+DisplayVMOutputToStderr", "-XX:MaxDirectMemorySize=256m",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xss1m", "-Djava.awt.headless=true",
                "-Dfile.encoding=UTF-8", "-cp",
                System.getProperty("java.class.path"), "dev.pledge.server.images.ImageWorker")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    DataOutputStream in = new DataOutputStream(new BufferedOutputStream(worker.getOutputStream()));
    DataInputStream out = new DataInputStream(new BufferedInputStream(worker.getInputStream()));
    String[][] operations = {
      {"rotate", "{\"angle\":\"90\"}"},
      {"resize", "{\"longest\":\"2048\"}"},
      {"blur", "{\"sigma\":\"4\"}"},
      {"add-text", "{\"text\":\"中文 English\",\"size\":\"150\",\"color\":\"#ffffff\",\"y\":\"0.5\"}"},
    };
    System.out.println("operation,run,seconds,result_bytes");
    for (String[] op : operations) {
      List<Double> times = new ArrayList<>();
      for (int run = 0; run <= runs; run++) { // run 0 warms the worker up; it is printed, not counted
        String job =
            "{\"providerClass\":\"dev.pledge.server.images.BuiltInProvider\",\"providerId\":\"builtin\","
                + "\"operation\":\"" + op[0] + "\",\"parameters\":" + op[1] + ",\"prompt\":\"\","
                + "\"locale\":\"en\",\"settings\":{},\"sourceType\":\"image/jpeg\",\"orientation\":1,"
                + "\"maxPixels\":100000000,\"maxBytes\":209715200,\"preview\":false}";
        byte[] header = job.getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        in.writeByte('J');
        in.writeInt(header.length);
        in.write(header);
        in.writeInt(source.length);
        in.write(source);
        in.flush();
        byte[] result = null;
        while (result == null) {
          int type = out.readByte();
          byte[] h = new byte[out.readInt()];
          out.readFully(h);
          if (type == 'R') {
            result = new byte[out.readInt()];
            out.readFully(result);
            out.skipBytes(out.readInt());
          } else if (type == 'E') {
            throw new IllegalStateException(new String(h, StandardCharsets.UTF_8));
          }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s,%s,%.3f,%d%n", op[0], run == 0 ? "warm-up" : run, s, result.length);
        if (run > 0) {
          times.add(s);
        }
        Files.write(outDir.resolve("pledge-" + op[0] + ".jpg"), result);
      }
      times.sort(null);
      System.out.printf("%s,median,%.3f,%n", op[0], times.get(times.size() / 2));
    }
    in.close();
    worker.waitFor();
  }

  // ------------------------------------------------------------------------- metadata removal

  static void strip(int runs, String[] files) throws Exception {
    System.out.println("file,bytes,median_ms,min_ms,removed");
    for (String f : files) {
      byte[] bytes = Files.readAllBytes(Path.of(f));
      ImageCleaner.Cleaned c = null;
      for (int i = 0; i < 30; i++) { // warm-up: the server's JIT is warm too
        c = ImageCleaner.clean(bytes, 200L << 20, 200_000_000, true);
      }
      double[] ms = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        c = ImageCleaner.clean(bytes, 200L << 20, 200_000_000, true);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      Files.write(Path.of(f + ".pledge-clean"), c.bytes());
      System.out.printf("%s,%d,%.2f,%.2f,%s%n", Path.of(f).getFileName(), bytes.length,
          ms[runs / 2], ms[0], c.removed());
    }
  }
}
