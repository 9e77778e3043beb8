package org.mist.web;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** What the pages show numbers as: {@code {n.bytes}} is 1.2 MiB, {@code {n.percentOf(m)}} is 31.8%. */
@TemplateExtension
final class PageFormats {
    private PageFormats() {
    }

    static String bytes(long n) {
        return n >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30))
                : n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1 << 20))
                : n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / (double) (1 << 10)) : n + " B";
    }

    static String percentOf(long n, long of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / of);
    }
}
