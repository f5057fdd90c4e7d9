package dev.pledge.server.site;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Maps a request path to what the site serves: a page, an asset from the content directory, one of
 * the server's own bundled assets, a redirect to the clean URL, or nothing. Every file it hands out
 * has been checked to lie inside the content root after resolving symbolic links, and to have no
 * hidden component, so no request can read anything else on the machine.
 */
@Component
class ContentResolver {

  /** Where the server's own assets (the site stylesheet, icons) live on the classpath. */
  private static final String BUNDLED = "static/";

  /** A site bigger than this is not a reference site; the bound keeps a walk cheap. */
  private static final int MAX_PAGES = 10_000;

  /**
   * A file inside a content root.
   *
   * @param real its real location, symbolic links resolved
   * @param segments the path it was found under, relative to the root
   */
  record ContentFile(Path real, List<String> segments) {
    ContentFile {
      segments = List.copyOf(segments);
    }

    String name() {
      return segments.get(segments.size() - 1);
    }
  }

  /** What a request path resolves to. */
  sealed interface Resolution {}

  /** A page to render, found under its clean URL. */
  record PageFound(ContentFile file, String url) implements Resolution {}

  /** A file from the content directory served as it is. */
  record AssetFound(ContentFile file) implements Resolution {}

  /** One of the server's own assets, for a path the content directory does not have. */
  record BundledAssetFound(Resource resource, String name) implements Resolution {}

  /** The content exists under another URL: the clean, canonical one. */
  record MovedTo(String url) implements Resolution {}

  /** Nothing is served at this path. */
  record NotFound() implements Resolution {}

  Resolution resolve(Path root, RequestPath path) {
    Path rootReal;
    try {
      rootReal = root.toRealPath();
    } catch (IOException e) {
      return new NotFound();
    }
    if (path.isRoot()) {
      return page(rootReal, List.of()).<Resolution>map(p -> p).orElseGet(NotFound::new);
    }
    List<String> segments = path.segments();
    if (PageFiles.isPage(path.last())) {
      // The source file's own name: send the reader to the clean URL it is served under.
      return file(rootReal, segments)
          .<Resolution>map(f -> new MovedTo(SiteUrls.ofPageFile(f.segments())))
          .orElseGet(NotFound::new);
    }
    Optional<PageFound> page = page(rootReal, segments);
    if (page.isPresent()) {
      boolean canonical = !path.trailingSlash() && page.get().url().equals(path.canonicalUrl());
      return canonical ? page.get() : new MovedTo(page.get().url());
    }
    Optional<ContentFile> asset = file(rootReal, segments);
    if (asset.isPresent()) {
      return path.trailingSlash() ? new MovedTo(path.canonicalUrl()) : new AssetFound(asset.get());
    }
    if (!path.trailingSlash()) {
      Optional<Resolution> bundled = bundled(segments);
      if (bundled.isPresent()) {
        return bundled.get();
      }
    }
    return new NotFound();
  }

  /** Every page in the content root with its clean URL, for navigation and suggestions. */
  List<PageFound> pages(Path root) {
    List<PageFound> pages = new ArrayList<>();
    Path rootReal;
    try {
      rootReal = root.toRealPath();
      Files.walkFileTree(
          rootReal,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          RequestPath.MAX_SEGMENTS,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              boolean hidden =
                  !dir.equals(rootReal) && dir.getFileName().toString().startsWith(".");
              return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path candidate, BasicFileAttributes attrs) {
              String name = candidate.getFileName().toString();
              if (!name.startsWith(".") && PageFiles.isPage(name)) {
                List<String> segments = new ArrayList<>();
                rootReal.relativize(candidate).forEach(p -> segments.add(p.toString()));
                file(rootReal, segments)
                    .ifPresent(f -> pages.add(new PageFound(f, SiteUrls.ofPageFile(segments))));
              }
              return pages.size() >= MAX_PAGES
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // an unreadable file is simply not a page
            }
          });
    } catch (IOException e) {
      return List.of();
    }
    return pages;
  }

  /** The page a clean URL names: {@code x.md}, {@code x.html}, {@code x/index.md}, … */
  private Optional<PageFound> page(Path rootReal, List<String> segments) {
    List<List<String>> candidates = new ArrayList<>();
    if (!segments.isEmpty()) {
      for (PageFiles.Kind kind : PageFiles.KINDS) {
        List<String> file = new ArrayList<>(segments);
        file.set(file.size() - 1, file.get(file.size() - 1) + kind.extension);
        candidates.add(file);
      }
    }
    for (PageFiles.Kind kind : PageFiles.KINDS) {
      List<String> index = new ArrayList<>(segments);
      index.add("index" + kind.extension);
      candidates.add(index);
    }
    for (List<String> candidate : candidates) {
      Optional<ContentFile> found = file(rootReal, candidate);
      if (found.isPresent()) {
        return Optional.of(new PageFound(found.get(), SiteUrls.ofPageFile(candidate)));
      }
    }
    return Optional.empty();
  }

  /**
   * A regular file at these segments below the root, if it exists and — with every symbolic link
   * resolved — still lies inside the root with no hidden component.
   */
  Optional<ContentFile> file(Path rootReal, List<String> segments) {
    try {
      Path candidate = rootReal;
      for (String segment : segments) {
        if (segment.isEmpty() || segment.startsWith(".") || segment.contains("/")) {
          return Optional.empty();
        }
        candidate = candidate.resolve(segment);
      }
      if (!candidate.normalize().startsWith(rootReal) || !Files.isRegularFile(candidate)) {
        return Optional.empty();
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(rootReal)) {
        return Optional.empty();
      }
      for (Path part : rootReal.relativize(real)) {
        if (part.toString().startsWith(".")) {
          return Optional.empty();
        }
      }
      return Optional.of(new ContentFile(real, segments));
    } catch (IOException | InvalidPathException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Optional<Resolution> bundled(List<String> segments) {
    String name = segments.get(segments.size() - 1);
    if (!name.contains(".") || PageFiles.isPage(name)) {
      return Optional.empty(); // directories and templates are never bundled assets
    }
    Resource resource = new ClassPathResource(BUNDLED + String.join("/", segments));
    return resource.isReadable()
        ? Optional.of(new BundledAssetFound(resource, name))
        : Optional.empty();
  }
}
