package io.offlinesync.schemas.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The projections on the class path ({@link StoredProjection} services), by name ({@code v1}, {@code v2}, ...).
 * Found once at startup; two with the same version are refused, naming both classes.
 */
public final class InstalledProjections {

    private final Map<String, StoredProjection<?, ?>> byName;

    public InstalledProjections(Collection<? extends StoredProjection<?, ?>> projections) {
        Map<String, StoredProjection<?, ?>> found = new LinkedHashMap<>();
        projections.stream().sorted(Comparator.comparingInt(p -> p.projection().version())).forEach(p -> {
            StoredProjection<?, ?> before = found.putIfAbsent(p.name(), p);
            if (before != null && before.getClass() != p.getClass()) {
                throw new IllegalStateException("two projections claim " + p.name() + ": "
                        + before.getClass().getName() + " and " + p.getClass().getName());
            }
        });
        this.byName = found;
    }

    /**
     * Every {@link StoredProjection} service the class loader of this class sees. Their record classes are trusted
     * by Avro from then on: Avro 1.12 instantiates generated classes only from trusted packages, and the platform's
     * list ({@link io.offlinesync.schemas.AvroPackages}) does not name a plugin's own package.
     */
    @SuppressWarnings("rawtypes")
    public static InstalledProjections load() {
        List<StoredProjection<?, ?>> found = new ArrayList<>();
        for (StoredProjection p : ServiceLoader.load(StoredProjection.class, InstalledProjections.class.getClassLoader())) {
            found.add(p);
        }
        ClassSecurityValidator.Builder records = ClassSecurityValidator.builder();
        found.forEach(p -> records.add(p.recordType()));
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                records.build()));
        return new InstalledProjections(found);
    }

    /** {@code v3}, {@code V3} or {@code 3}. */
    public Optional<StoredProjection<?, ?>> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(byName.get(lower.startsWith("v") ? lower : "v" + lower));
    }

    /** The projection called {@code name}, or an error that lists the installed ones and where they come from. */
    public StoredProjection<?, ?> require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown projection '" + name
                + "': installed are " + describe() + " (a projection's jar on the class path adds it; locally "
                + "PROJECTION_PLUGINS)"));
    }

    /** The installed ones, by version. */
    public Collection<StoredProjection<?, ?>> all() {
        return byName.values();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** {@code v1 (todo-list), v2 (todo-list), v3 (todo-archive)}. */
    public String describe() {
        return byName.values().stream().map(p -> p.name() + " (" + p.projection().id() + ")")
                .collect(Collectors.joining(", "));
    }
}
