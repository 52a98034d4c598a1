package dev.bpftop.agent.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * In front of Avatica's handler: refuses a request without the bearer token when one is set, and
 * serves /metrics beside JDBC. The token may come as `Authorization: Bearer TOKEN` or, for JDBC
 * clients that know only Basic (Avatica's remote driver: `authentication=BASIC`), as the password
 * of any user. It is compared in constant time and never logged.
 */
final class Gate extends HandlerWrapper {
    private final byte[] token;
    private final Scrape metrics;

    /** @param token null: no token asked (loopback only); @param metrics what /metrics answers, null for none */
    Gate(byte[] token, Scrape metrics) {
        this.token = token;
        this.metrics = metrics;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (token != null && !authorized(request.getHeader("Authorization"))) {
            base.setHandled(true);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"bpftop\"");
            // Avatica's driver sends its Basic credentials only when challenged for them.
            response.addHeader("WWW-Authenticate", "Basic realm=\"bpftop\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is required");
            return;
        }
        if (metrics != null && target.equals("/metrics") && request.getMethod().equals("GET")) {
            base.setHandled(true);
            Scrape.Exposition e = metrics.scrape(request.getHeader("Accept"));
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(e.contentType());
            response.getOutputStream().write(e.body());
            return;
        }
        super.handle(target, base, request, response);
    }

    private boolean authorized(String header) {
        if (header == null) return false;
        byte[] offered;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            offered = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            offered = pair.substring(pair.indexOf(':') + 1).getBytes(StandardCharsets.UTF_8);
        } else {
            return false;
        }
        return MessageDigest.isEqual(offered, token);
    }
}
