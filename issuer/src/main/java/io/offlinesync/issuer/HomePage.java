package io.offlinesync.issuer;

import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the login form leads when nobody sent the browser here, and where a device verification ends
 * ({@code /?success}): says who is signed in. (A user's name matches {@link DevelopmentUsers#NAME}, so it
 * needs no HTML escaping.)
 */
@RestController
class HomePage {

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home(Principal user, @RequestParam(name = "success", required = false) String success) {
        String message = success != null
                ? "The device is signed in as " + user.getName() + ". You may close this page."
                : "Signed in as " + user.getName() + ".";
        return "<!doctype html><html><head><title>offline-sync development issuer</title></head><body>"
                + "<h1>offline-sync development issuer</h1><p>" + message + "</p></body></html>\n";
    }
}
