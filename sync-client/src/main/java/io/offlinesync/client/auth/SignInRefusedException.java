package io.offlinesync.client.auth;

/**
 * The issuer refused a sign-in (wrong user or password, a client not allowed the password grant, ...):
 * {@code error} is the OAuth2 error code ({@code invalid_grant}, {@code unauthorized_client}, ...), the message
 * adds the issuer's description. Never carries the password.
 */
public final class SignInRefusedException extends RuntimeException {

    private final String error;

    public SignInRefusedException(String error, String message) {
        super(message);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
