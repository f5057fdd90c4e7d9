package dev.pledge.server.retention;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Processor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;

/**
 * Access and portability (issue 6, A-15, B-27): writes one person's data of one property as a ZIP,
 * streamed — {@code {category-id}.json} per category with the person's items from every store that
 * holds it, and {@code manifest.json} telling per category what it is, why it is kept, on which
 * legal basis, for how long, who else receives it and how many items each store gave. Stores that
 * hold original files ({@link SubjectFileExport}) add them as they are under {@code
 * originals/{category-id}/{name}}, listed in the manifest.
 */
@Service
public class SubjectExporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RetentionEngine engine;
  private final Clock clock;

  SubjectExporter(RetentionEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** What an export held: per category, per store, the number of items. */
  public record ExportSummary(Instant generatedAt, List<ExportLine> lines) {
    public long items() {
      return lines.stream().mapToLong(ExportLine::items).sum();
    }
  }

  /** One store's part of an export. */
  public record ExportLine(String category, String store, long items) {}

  /**
   * Writes {@code subjectId}'s items in every store of {@code property} that can find them to
   * {@code out} as a ZIP. {@code out} is finished but not closed.
   */
  public ExportSummary export(String property, String subjectId, OutputStream out)
      throws IOException {
    return export(engine.bindings(), property, List.of(subjectId), out, clock.instant());
  }

  /**
   * Like {@link #export(String, String, OutputStream)} for a person known by several identifiers
   * (an account and the address they wrote from): each store is asked under every one, and an item
   * or file a store finds under two of them is written once.
   */
  public ExportSummary export(String property, List<String> subjectIds, OutputStream out)
      throws IOException {
    return export(engine.bindings(), property, subjectIds, out, clock.instant());
  }

  public ExportSummary export(
      List<RetentionBinding> bindings,
      String property,
      String subjectId,
      OutputStream out,
      Instant now)
      throws IOException {
    return export(bindings, property, List.of(subjectId), out, now);
  }

  ExportSummary export(
      List<RetentionBinding> bindings,
      String property,
      List<String> subjectIds,
      OutputStream out,
      Instant now)
      throws IOException {
    Map<String, List<RetentionBinding>> byCategory = new LinkedHashMap<>();
    for (RetentionBinding b : bindings) {
      if (b.property().id().value().equals(property)
          && b.store() instanceof SubjectExport s
          && s.exportsSubjects()) {
        byCategory.computeIfAbsent(b.category().id(), k -> new ArrayList<>()).add(b);
      }
    }
    List<ExportLine> lines = new ArrayList<>();
    Map<String, List<Map<String, Object>>> originals = new LinkedHashMap<>();
    ZipOutputStream zip = new ZipOutputStream(new KeepOpen(out));
    for (Map.Entry<String, List<RetentionBinding>> e : byCategory.entrySet()) {
      zip.putNextEntry(new ZipEntry(fileName(e.getKey())));
      try (JsonGenerator g =
          JSON.getFactory().createGenerator(new KeepOpen(zip), JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("category", e.getKey());
        g.writeArrayFieldStart("items");
        for (RetentionBinding b : e.getValue()) {
          // One person's items: few enough to remember which were written already, when a store
          // may find the same item under two of their identifiers.
          Set<String> seen = new HashSet<>();
          long[] n = {0};
          for (String subjectId : subjectIds) {
            ((SubjectExport) b.store())
                .export(
                    subjectId,
                    item -> {
                      try {
                        if (subjectIds.size() == 1 || seen.add(JSON.writeValueAsString(item))) {
                          JSON.writeValue(g, item);
                          n[0]++;
                        }
                      } catch (IOException x) {
                        throw new UncheckedIOException(x);
                      }
                    });
          }
          lines.add(new ExportLine(e.getKey(), b.store().name(), n[0]));
        }
        g.writeEndArray();
        g.writeEndObject();
      } catch (UncheckedIOException x) {
        throw x.getCause();
      }
      zip.closeEntry();
      for (RetentionBinding b : e.getValue()) {
        if (b.store() instanceof SubjectFileExport files) {
          originals.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
          Set<String> paths = new HashSet<>();
          for (String subjectId : subjectIds) {
            files.exportFiles(
                subjectId,
                (name, content) -> {
                  String path = originalPath(e.getKey(), name);
                  if (!paths.add(path)) {
                    return; // found under another of the person's identifiers: written already
                  }
                  zip.putNextEntry(new ZipEntry(path));
                  // Images and documents are compressed already: storing them costs no space and
                  // saves the time deflate would spend on them.
                  zip.setLevel(Deflater.NO_COMPRESSION);
                  long bytes = content.transferTo(zip);
                  zip.closeEntry();
                  zip.setLevel(Deflater.DEFAULT_COMPRESSION);
                  originals.get(e.getKey()).add(Map.of("file", path, "bytes", bytes));
                });
          }
        }
      }
    }
    zip.putNextEntry(new ZipEntry("manifest.json"));
    try (JsonGenerator g =
        JSON.getFactory().createGenerator(new KeepOpen(zip), JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      JSON.writeValue(g, manifest(property, now, byCategory, lines, originals));
    }
    zip.closeEntry();
    zip.finish();
    zip.flush();
    return new ExportSummary(now, List.copyOf(lines));
  }

  private static Map<String, Object> manifest(
      String property,
      Instant now,
      Map<String, List<RetentionBinding>> byCategory,
      List<ExportLine> lines,
      Map<String, List<Map<String, Object>>> originals) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generated-at", now.toString());
    m.put("property", property);
    List<Map<String, Object>> categories = new ArrayList<>();
    for (Map.Entry<String, List<RetentionBinding>> e : byCategory.entrySet()) {
      RetentionBinding first = e.getValue().get(0);
      DataCategory c = first.category();
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("id", c.id());
      cm.put("title", c.title());
      cm.put("file", fileName(c.id()));
      cm.put("purposes", c.purposes());
      cm.put("legal-basis", c.legalBasis() == null ? null : c.legalBasis().key());
      cm.put("source", c.source());
      cm.put("retention", c.retention() == null ? null : first.ruleAt(now).describe());
      List<Map<String, Object>> processors = new ArrayList<>();
      for (Processor p : first.property().policy().processors()) {
        if (p.categories().contains(c.id())) {
          Map<String, Object> pm = new LinkedHashMap<>();
          pm.put("name", p.name());
          pm.put("purpose", p.purpose());
          pm.put("region", p.region());
          processors.add(pm);
        }
      }
      if (!processors.isEmpty()) {
        cm.put("processors", processors);
      }
      List<Map<String, Object>> stores = new ArrayList<>();
      long total = 0;
      for (ExportLine l : lines) {
        if (l.category().equals(c.id())) {
          stores.add(Map.of("store", l.store(), "items", l.items()));
          total += l.items();
        }
      }
      cm.put("stores", stores);
      cm.put("items", total);
      if (originals.containsKey(c.id())) {
        cm.put("originals", originals.get(c.id()));
      }
      categories.add(cm);
    }
    m.put("categories", categories);
    return m;
  }

  /** The entry name of a category: its id, which the policy language keeps to plain characters. */
  static String fileName(String categoryId) {
    return categoryId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
  }

  /**
   * Where an original file of a category goes in the ZIP: {@code originals/{category}/{name}}, the
   * name stripped of anything that would make it a path.
   */
  public static String originalPath(String categoryId, String name) {
    String safe = name.replaceAll("[/\\\\\\p{Cntrl}]", "_");
    if (safe.isBlank() || safe.equals(".") || safe.equals("..")) {
      safe = "_" + safe;
    }
    return "originals/" + categoryId.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + safe;
  }

  /** Lets a writer close its view of a stream without closing the stream. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
