package io.offlinesync.gateway;

import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.InboxSubmission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory inbox for web-layer tests: records every appended batch, or fails as told. */
public final class FakeInboxAppender implements InboxAppender {

    public static final int PARTITION = 3;

    private final List<InboxSubmission> appended = new CopyOnWriteArrayList<>();
    private final AtomicLong nextOffset = new AtomicLong(120);
    private volatile RuntimeException failure;
    private volatile InboxAppender delegate;

    @Override
    public InboxPosition append(InboxSubmission submission) {
        if (delegate != null) {
            InboxPosition position = delegate.append(submission);
            appended.add(submission);
            return position;
        }
        if (failure != null) {
            throw failure;
        }
        appended.add(submission);
        return new InboxPosition(PARTITION, nextOffset.getAndIncrement());
    }

    public List<InboxSubmission> appended() {
        return List.copyOf(appended);
    }

    /** Every following append throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Every following append goes to {@code delegate} (e.g. a real appender over a MockProducer). */
    public void delegateTo(InboxAppender delegate) {
        this.delegate = delegate;
    }

    public void reset() {
        appended.clear();
        failure = null;
        nextOffset.set(120);
        delegate = null;
    }
}
