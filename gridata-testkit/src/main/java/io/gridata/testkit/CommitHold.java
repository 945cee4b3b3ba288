package io.gridata.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A table commit held by the {@link RestCatalogServer}: the {@code k}-th catalog write (a table
 * created or a table commit) after {@link RestCatalogServer#holdCommit} waits at the server until
 * the test releases it. Meanwhile the test can kill the client (e.g. {@code kill -9} of an ingest
 * JVM) at exactly that moment, then let the commit be applied or not: the two truths a killed
 * writer leaves behind.
 */
public final class CommitHold {
  private final int index;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean apply;
  private volatile String request = "";

  CommitHold(int index) {
    if (index < 1) {
      throw new IllegalArgumentException("Cannot hold commit " + index + ": counting starts at 1");
    }
    this.index = index;
  }

  /** Which catalog write is held, counting from 1. */
  public int index() {
    return index;
  }

  /** Waits until the commit arrived and is held; false when {@code timeout} passed first. */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True once the commit arrived. */
  public boolean isHeld() {
    return held.getCount() == 0;
  }

  /** The held request: method, path and the kinds of its updates. */
  public String request() {
    return request;
  }

  /**
   * Lets the held commit go on: applied (the client, if still alive, gets its answer) or answered
   * with HTTP 500 without applying it.
   */
  public void release(boolean applyIt) {
    this.apply = applyIt;
    released.countDown();
  }

  /**
   * Called by the server's request thread: records the request, then blocks until released (at most
   * 10 minutes, then it is not applied). Public only for the server's adapter.
   *
   * @return true to apply the commit
   */
  public boolean hold(String description) {
    request = description;
    held.countDown();
    try {
      if (!released.await(10, TimeUnit.MINUTES)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return apply;
  }
}
