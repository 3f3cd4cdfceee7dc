package dev.tracedffi.junit.report;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reports as a user sees them: each page opened in headless Chromium at 1280 pixels, screenshotted (the
 * PNGs stay in {@code target/report-screenshots/} to be looked at) and measured by a script run in a copy
 * of the page (the reports themselves have no script).
 */
class ReportScreenshotTest {

    static final int WIDTH = 1280;
    static final int HEIGHT = 1600;

    private static Path directory;
    private static HeadlessChromium chromium;
    private static ReportWriter writer;

    @BeforeAll
    static void openBrowser() throws IOException, URISyntaxException {
        Optional<Path> binary = HeadlessChromium.find();
        if (binary.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("chromium is missing on CI; scripts/prerequisites.sh installs it (scripts/chromium.sh)");
            }
            assumeTrue(false, "chromium is not installed: scripts/chromium.sh installs it from Debian's packages");
        }
        directory = buildDirectory().resolve("report-screenshots");
        deleteRecursively(directory);
        writer = new ReportWriter(directory, "screenshots");
        chromium = HeadlessChromium.start(binary.get());
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** The module's build directory ({@code -Dtracedffi.build} moves it): the one test-classes is in. */
    private static Path buildDirectory() throws URISyntaxException {
        return Path.of(ReportScreenshotTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    @Test
    void passingTest() throws Exception {
        Map<String, Object> page = check("passing", writer.write(SamplePages.passing()).html());
        assertThat(page.get("legend")).isEqualTo(7L);
        readableHexDump(page);
    }

    @Test
    void crash() throws Exception {
        Map<String, Object> page = check("crash", writer.write(SamplePages.crash()).html());
        assertThat(page.get("legend")).isEqualTo(7L);
        assertThat(page.get("failureVisible")).isEqualTo(true);
        readableHexDump(page);
    }

    @Test
    void violation() throws Exception {
        Path html = writer.write(SamplePages.violation()).html();
        Map<String, Object> page = check("violation", html);
        assertThat(page.get("legend")).isEqualTo(7L);
        readableHexDump(page);
        BufferedImage shot = ImageIO.read(html.resolveSibling("violation.png").toFile());
        // more red than the legend's 12x12 swatch: the out-of-bounds byte's cell
        assertThat(pixelsOf(shot, CellState.OUT_OF_BOUNDS.colour)).isGreaterThan(144 + 200);
    }

    @Test
    void mebibyteBuffer() throws Exception {
        Path html = writer.write(SamplePages.mebibyte()).html();
        Map<String, Object> page = check("mebibyte", html);
        assertThat(page.get("legend")).isEqualTo(7L);
        assertThat((Long) page.get("mapWidth")).isGreaterThan(500L);
        BufferedImage shot = ImageIO.read(html.resolveSibling("mebibyte.png").toFile());
        // a row of 64 written cells, more than the legend's swatch
        assertThat(pixelsOf(shot, CellState.WRITTEN.colour)).isGreaterThan(5_000);
    }

    @Test
    void index() throws Exception {
        for (TestReport report : List.of(SamplePages.passing(), SamplePages.crash(), SamplePages.violation(),
                SamplePages.mebibyte(), SamplePages.fixture("crashes()", TestStatus.CRASHED),
                SamplePages.fixture("passes()", TestStatus.PASSED))) {
            writer.write(report);
        }
        writer.flush();
        Map<String, Object> page = check("index", writer.indexFile());
        assertThat(page.get("rows")).isEqualTo(6L);
    }

    /**
     * Screenshots {@code html} into {@code <name>.png} and checks it was drawn; measures it in a copy with a
     * script, checks nothing is wider than the window, and returns the measurements.
     */
    private static Map<String, Object> check(String name, Path html) throws Exception {
        Path png = html.resolveSibling(name + ".png");
        Files.deleteIfExists(png);
        chromium.screenshot(html, png, WIDTH, HEIGHT);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes as an image", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertNotBlank(image, png);

        Path measured = html.resolveSibling(name + ".measure.html");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Files.writeString(measured, page.replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);
        String dom = chromium.dumpDom(measured, WIDTH, HEIGHT);
        String json = Jsoup.parse(dom).select("pre#tracedffi-measure").text();
        assertThat(json).as("the measuring script ran in %s", measured).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> measures = (Map<String, Object>) JsonParser.parse(json);
        assertThat((Long) measures.get("scrollWidth")).as("%s is no wider than the window; too wide: %s", name,
                measures.get("wide")).isLessThanOrEqualTo((Long) measures.get("clientWidth"));
        assertThat((Long) measures.get("clientWidth")).as("the window, less a scroll bar").isGreaterThan(WIDTH - 20L);
        return measures;
    }

    /** Cells large enough to read and point at at 100% zoom. */
    private static void readableHexDump(Map<String, Object> page) {
        assertThat((Long) page.get("hexCells")).isPositive();
        assertThat((Long) page.get("cellWidth")).isGreaterThanOrEqualTo(20L);
        assertThat((Long) page.get("cellHeight")).isGreaterThanOrEqualTo(14L);
        assertThat((Long) page.get("cellFontPx")).isGreaterThanOrEqualTo(12L);
    }

    private static void assertNotBlank(BufferedImage image, Path png) {
        Set<Integer> colours = new HashSet<>();
        long notWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    notWhite++;
                }
            }
        }
        assertThat(colours.size()).as("colours in %s", png).isGreaterThan(16);
        assertThat(notWhite).as("pixels drawn in %s", png).isGreaterThan((long) image.getWidth() * 20);
    }

    private static long pixelsOf(BufferedImage image, String colour) {
        int wanted = Integer.parseInt(colour.substring(1), 16);
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == wanted) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Writes what the checks need as JSON into {@code pre#tracedffi-measure}; integers only. */
    private static final String MEASURE = """
            <script>
            (function () {
              var root = document.documentElement;
              var wide = [];
              document.querySelectorAll('body *').forEach(function (e) {
                if (e.getBoundingClientRect().right > root.clientWidth + 0.5 && wide.length < 5) {
                  wide.push(e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className : ''));
                }
              });
              function visible(e) { var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }
              var cells = Array.prototype.filter.call(document.querySelectorAll('table.hex-dump td.b'), visible);
              var first = cells.length ? cells[0].getBoundingClientRect() : {width: 0, height: 0};
              var failure = document.querySelector('pre.failure');
              var map = document.querySelector('svg.byte-map');
              var m = {
                scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
                legend: Array.prototype.filter.call(document.querySelectorAll('ul.legend li'), visible).length,
                hexCells: cells.length, cellWidth: Math.round(first.width), cellHeight: Math.round(first.height),
                cellFontPx: cells.length ? Math.round(parseFloat(getComputedStyle(cells[0]).fontSize)) : 0,
                failureVisible: failure !== null && visible(failure),
                mapWidth: map ? Math.round(map.getBoundingClientRect().width) : 0,
                rows: document.querySelectorAll('tr.test').length,
                wide: wide
              };
              var out = document.createElement('pre');
              out.id = 'tracedffi-measure';
              out.textContent = JSON.stringify(m);
              document.body.appendChild(out);
            })();
            </script>
            """;
}
