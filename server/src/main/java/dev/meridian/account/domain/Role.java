package dev.meridian.account.domain;

/** What an access token lets its holder do: play, or also operate the server (the admin console). */
public enum Role {
    PLAYER,
    ADMIN
}
