package dev.hetflow.service.errors;

/**
 * The body of every 4xx/5xx answer.
 *
 * @param status  the HTTP status
 * @param message what was wrong, in words a user can act on
 */
public record ApiError(int status, String message) {
}
