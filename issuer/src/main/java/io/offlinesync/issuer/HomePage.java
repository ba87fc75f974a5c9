package io.offlinesync.issuer;

import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the login form leads when nobody sent the browser here: says who is signed in. */
@RestController
class HomePage {

    @GetMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    String home(Principal user) {
        return "offline-sync development issuer: signed in as " + user.getName() + "\n";
    }
}
