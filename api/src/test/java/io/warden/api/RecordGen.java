package io.warden.api;

import io.warden.api.jute.JuteRecord;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test helper: random values of our jute records (seeded), their ZooKeeper twins built field by field
 * through reflection (jute's all-args constructors take the fields in declaration order, as our record
 * components do), and a deep equality that compares byte arrays by content.
 */
public final class RecordGen {
    private static final String[] ZK_PACKAGES = {"org.apache.zookeeper.proto.", "org.apache.zookeeper.data.", "org.apache.zookeeper.txn."};
    private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7f, 0x80, 0xff};
    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xffffffffL, 1L << 32};

    private final Random random;

    public RecordGen(long seed) {
        this.random = new Random(seed);
    }

    /** A random instance of the record class; strings, buffers and vectors are sometimes null. */
    public <T extends Record> T generate(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object value(Type type) {
        if (type == int.class) {
            return random.nextInt(4) == 0 ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : random.nextInt();
        }
        if (type == long.class) {
            return random.nextInt(4) == 0 ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
        }
        if (type == boolean.class) {
            return random.nextBoolean();
        }
        if (type == String.class) {
            return random.nextInt(10) == 0 ? null : string();
        }
        if (type == byte[].class) {
            if (random.nextInt(10) == 0) {
                return null;
            }
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            return b;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (random.nextInt(10) == 0) {
                return null;
            }
            List<Object> list = new ArrayList<>();
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                Type element = p.getActualTypeArguments()[0];
                // A vector element is never null in ZooKeeper's encoding of records.
                Object v = element == String.class ? string() : value(element);
                list.add(v);
            }
            return list;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return generate(c.asSubclass(Record.class));
        }
        throw new IllegalArgumentException("no generator for " + type);
    }

    /**
     * A string of BMP characters outside the surrogate range: ZooKeeper's archive encodes each UTF-16 unit
     * on its own, so only for these does it produce standard UTF-8.
     */
    public String string() {
        int n = random.nextInt(16);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(4);
            char c = switch (kind) {
                case 0, 1 -> (char) (0x20 + random.nextInt(0x5f));
                case 2 -> (char) (0x80 + random.nextInt(0x780));
                default -> (char) (0x800 + random.nextInt(0xd800 - 0x800));
            };
            sb.append(c);
        }
        return sb.toString();
    }

    /** ZooKeeper's twin of one of our records (or a list of them, or a plain value). */
    public static Object toZk(Object ours) {
        if (ours instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(toZk(o));
            }
            return out;
        }
        if (!(ours instanceof Record r)) {
            return ours;
        }
        Class<?> zkType = zkClass(r.getClass());
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                args[i] = toZk(components[i].getAccessor().invoke(r));
            }
            for (Constructor<?> c : zkType.getConstructors()) {
                if (c.getParameterCount() == components.length) {
                    return c.newInstance(args);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no all-args constructor on " + zkType);
    }

    public static Class<?> zkClass(Class<?> ours) {
        for (String pkg : ZK_PACKAGES) {
            try {
                return Class.forName(pkg + ours.getSimpleName());
            } catch (ClassNotFoundException e) {
                // try the next module
            }
        }
        throw new IllegalArgumentException("ZooKeeper has no record named " + ours.getSimpleName());
    }

    /** Equality that compares byte arrays by content, inside records and lists too. */
    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Record && a.getClass() == b.getClass()) {
            try {
                for (RecordComponent c : a.getClass().getRecordComponents()) {
                    if (!deepEquals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                        return false;
                    }
                }
                return true;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return a.equals(b);
    }

    /** Our JuteRecord's static read, by reflection. */
    public static JuteRecord read(Class<?> type, io.warden.api.jute.JuteInput in) {
        try {
            return (JuteRecord) type.getMethod("read", io.warden.api.jute.JuteInput.class).invoke(null, in);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
