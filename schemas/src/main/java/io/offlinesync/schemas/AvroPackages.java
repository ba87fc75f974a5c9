package io.offlinesync.schemas;

/** Avro 1.12 instantiates generated classes only from trusted packages; services trust ours at startup. */
public final class AvroPackages {

    public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    public static final String TRUSTED = "java.lang,java.util,io.offlinesync.schemas.avro";

    private AvroPackages() {
    }

    /** Sets the trusted packages unless the JVM was started with its own list. */
    public static void trust() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, TRUSTED);
        }
    }
}
