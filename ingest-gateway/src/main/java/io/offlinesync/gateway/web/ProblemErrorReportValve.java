package io.offlinesync.gateway.web;

import io.offlinesync.access.Problems;
import io.offlinesync.protocol.ProblemTypes;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error report for requests refused before any servlet runs (a malformed URI, an encoded slash
 * in the path, ...): problem+json instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status >= 500 ? title : "the request was refused by the HTTP server: " + title;
        String body = Problems.json(
                Problems.of(HttpStatusCode.valueOf(status), ProblemTypes.ABOUT_BLANK, title, detail));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the response can no longer be written: nothing else to do
        }
    }
}
