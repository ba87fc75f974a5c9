package io.offlinesync.client.store;

/**
 * The projection the app derived its lists with when it last opened the profile ({@code meta}: name, id, version),
 * so that an app shipping another one is noticed on open.
 */
public record LastDerivation(String name, String id, int version) {}
