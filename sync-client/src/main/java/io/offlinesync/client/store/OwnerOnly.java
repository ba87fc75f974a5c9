package io.offlinesync.client.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps a profile's files readable by their owner only ({@code rw-------}): they hold the user's lists and, once
 * signed in, the session's refresh token, which is as good as the password until it expires. SQLite gives the
 * {@code -wal} and {@code -shm} files it creates the permissions of the database file, so the file is made private
 * before SQLite first opens it. On a file system without POSIX permissions nothing is changed.
 */
final class OwnerOnly {

    private static final System.Logger LOG = System.getLogger(OwnerOnly.class.getName());
    private static final Set<PosixFilePermission> RW_OWNER = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code db} private if it is missing, else makes it and its SQLite companions private. */
    static void restrict(Path db) {
        try {
            Files.createFile(db, PosixFilePermissions.asFileAttribute(RW_OWNER));
        } catch (FileAlreadyExistsException exists) {
            for (Path file : new Path[] {db, companion(db, "-wal"), companion(db, "-shm")}) {
                tighten(file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot create {0} readable by its owner only: {1}", db, e.getMessage());
        }
    }

    private static void tighten(Path file) {
        try {
            if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(RW_OWNER)) {
                Files.setPosixFilePermissions(file, RW_OWNER);
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to tighten
        } catch (IOException e) {
            // not our file (a profile shared on purpose): leave it, and say so
            LOG.log(System.Logger.Level.WARNING, "cannot make {0} readable by its owner only: {1}", file, e.getMessage());
        }
    }

    private static Path companion(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}
