package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The names uploads and projects are shown by (found uploading through the page's script). */
class UploadNamesTest {

  static final CleanImage PNG =
      new CleanImage(ImageFormat.PNG, 1, 1, 1, new byte[0], new RemovedMetadata());

  @Test
  @DisplayName("a right-to-left override cannot make 'photo…gnp.exe' show as 'photoexe.png'")
  void bidiOverridesAreRemoved() {
    String rlo = "\u202E";
    assertThat(ImagesController.name("photo" + rlo + "gnp.exe", PNG)).isEqualTo("photognp.exe");
    assertThat(ImagesController.name("a\u2066b\u2069\u200F.png", PNG)).isEqualTo("ab.png");
    assertThat(ImagesController.printable("Poster " + rlo + "txt.exe")).isEqualTo("Poster txt.exe");
  }

  @Test
  @DisplayName("a path, line breaks and nothing printable leave the file's name or the format's")
  void pathsAndControls() {
    assertThat(ImagesController.name("../../x.png", PNG)).isEqualTo("x.png");
    assertThat(ImagesController.name("C:\\Users\\me\\y.png", PNG)).isEqualTo("y.png");
    assertThat(ImagesController.name("\r\nSet-Cookie: a=b.png", PNG))
        .isEqualTo("Set-Cookie: a=b.png");
    assertThat(ImagesController.name("\u202E ", PNG)).isEqualTo("image.png");
    // Letters of every script stay, Arabic and Hebrew included (they need no override).
    assertThat(ImagesController.name("海报 שלום صورة.png", PNG)).isEqualTo("海报 שלום صورة.png");
  }
}
