package io.offlinesync.query.catchup;

/** The UTF-8 size of a string without encoding it (a page's byte bound counts every entry it scans). */
final class Utf8 {

    private Utf8() {
    }

    static long length(String s) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4; // a code point beyond the BMP: one pair, four bytes
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
