package dev.tracedffi.junit.report;

/** Text to put into HTML and SVG. */
final class Html {

    private Html() {
    }

    /**
     * {@code s} escaped for element content and quoted attribute values. Control characters other than
     * tab and line breaks (invalid in HTML, possible in a crash report's stderr tail) become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> out.append(c < 0x20 || c == 0x7f ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    /** The page's style sheet, inline: reports open from disk with no network. */
    static final String STYLE = baseStyle() + hexDumpColours();

    private static String hexDumpColours() {
        StringBuilder css = new StringBuilder();
        for (CellState state : CellState.values()) {
            css.append("table.hex-dump td.").append(state.cssName()).append(" { background-color: ").append(state.colour)
                    .append("; color: ").append(state.textColour()).append("; }\n");
        }
        return css.toString();
    }

    private static String baseStyle() {
        return """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; margin-bottom: 0.2em; }
            .meta { color: #666; margin: 0.1em 0; font-family: monospace; }
            .status { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.3em; color: #fff; font-weight: bold; }
            .status-passed { background: #59a14f; }
            .status-failed, .status-crashed, .status-exited, .status-timed-out { background: #e15759; }
            .status-aborted { background: #999; }
            pre.failure { background: #fff3f3; border-left: 4px solid #e15759; padding: 0.6em; overflow-x: auto; }
            ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }
            ul.legend svg { vertical-align: middle; margin-right: 0.3em; }
            section.call { border-top: 1px solid #ccc; margin-top: 1.5em; }
            figure.buffer { margin: 1em 0; }
            figcaption { font-family: monospace; margin-bottom: 0.3em; }
            svg.byte-map text { font: 11px "DejaVu Sans Mono", monospace; fill: #666; }
            svg.byte-map text.repeat { font-size: 12px; fill: #444; }
            table { border-collapse: collapse; font-family: monospace; font-size: 0.9em; }
            td, th { border: 1px solid #ddd; padding: 0.15em 0.5em; text-align: left; }
            tr.verdict-out-of-bounds td, tr.verdict-use-after-free td { background: #fde8e8; }
            tr.verdict-benign-over-read td { background: #fdf6d8; }
            .warning { color: #a35200; }
            pre.violation { background: #fff3f3; border-left: 4px solid #e15759; padding: 0.6em; overflow-x: auto; }
            td.instruction { white-space: nowrap; }
            table.hex-dump { border-collapse: separate; border-spacing: 2px 1px; font: 13px/1.35 "DejaVu Sans Mono", monospace; }
            table.hex-dump td, table.hex-dump th { border: none; padding: 0; }
            table.hex-dump th { color: #777; font-weight: normal; text-align: right; padding-right: 0.6em; }
            table.hex-dump thead th { text-align: center; padding: 0; }
            table.hex-dump td.b { width: 2.4em; text-align: center; border-radius: 2px; }
            table.hex-dump td:nth-child(9), table.hex-dump thead th:nth-child(9) { border-right: 0.6em solid transparent; background-clip: padding-box; }
            table.hex-dump td.text { white-space: pre; padding-left: 1em; color: #444; }
            table.hex-dump tr.repeat td { color: #444; padding-left: 0.3em; }
            section.fixtures .status { opacity: 0.7; }
            section.fixtures h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
            """;
    }
}
