package dev.meridian.account.app;

/**
 * Who asked for a refresh token, stored with it so a player can later recognise their sessions: the client's
 * {@code User-Agent} and IP, both cut to what the table allows.
 */
public record ClientInfo(String userAgent, String ip) {
    static final int MAX_USER_AGENT = 256;
    static final int MAX_IP = 64;

    public ClientInfo {
        userAgent = cut(userAgent, MAX_USER_AGENT);
        ip = cut(ip, MAX_IP);
    }

    public static ClientInfo unknown() {
        return new ClientInfo("", "");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
