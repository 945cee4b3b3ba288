package io.gridata.testkit.internal;

import io.gridata.testkit.CommitFault;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Iceberg's REST adapter with one armed commit fault at a time. A fault matches a table commit (a
 * {@code POST .../namespaces/<ns>/tables/<table>} carrying an {@link UpdateTableRequest}) of the
 * armed table whose updates set the armed ref; it fires once and answers HTTP 500.
 */
public final class FaultyCatalogAdapter extends RESTCatalogAdapter {
  private final AtomicReference<Armed> armed = new AtomicReference<>();
  private final AtomicReference<Hold> hold = new AtomicReference<>();
  private final AtomicInteger writes = new AtomicInteger();

  public FaultyCatalogAdapter(Catalog catalog) {
    super(catalog);
  }

  /** Arms {@code fault} for the next commit of {@code table} that moves {@code ref}. */
  public void arm(TableIdentifier table, String ref, CommitFault fault) {
    armed.set(new Armed(table, ref, fault));
  }

  /**
   * Holds the {@code index}-th catalog write from now on (see {@code CommitHold}): {@code holder}
   * gets the request's description, blocks, and answers whether to apply it. Replaces a hold that
   * has not fired.
   */
  public void hold(int index, Predicate<String> holder) {
    writes.set(0);
    hold.set(new Hold(index, holder));
  }

  /** True while an armed fault has not fired. */
  public boolean isArmed() {
    return armed.get() != null;
  }

  @Override
  protected <T extends RESTResponse> T execute(
      HTTPRequest request,
      Class<T> responseType,
      Consumer<ErrorResponse> errorHandler,
      Consumer<Map<String, String>> responseHeaders) {
    Hold held = hold.get();
    if (held != null && isWrite(request) && writes.incrementAndGet() == held.index()) {
      hold.compareAndSet(held, null);
      if (!held.holder().test(describe(request))) {
        errorHandler.accept(
            ErrorResponse.builder()
                .responseCode(500)
                .withType("CommitStateUnknownException")
                .withMessage("held commit " + held.index() + " released without applying it")
                .build());
        return null;
      }
      return super.execute(request, responseType, errorHandler, responseHeaders);
    }
    Armed fault = armed.get();
    if (fault == null || !fault.matches(request) || !armed.compareAndSet(fault, null)) {
      return super.execute(request, responseType, errorHandler, responseHeaders);
    }
    String message = "injected " + fault.fault() + " on " + fault.table() + " ref " + fault.ref();
    if (fault.fault() == CommitFault.APPLIED_THEN_FAILED) {
      super.execute(
          request,
          responseType,
          error -> {
            throw new IllegalStateException(message + ": the commit itself failed: " + error);
          },
          headers -> {});
    }
    errorHandler.accept(
        ErrorResponse.builder()
            .responseCode(500)
            .withType("CommitStateUnknownException")
            .withMessage(message)
            .build());
    return null;
  }

  private static boolean isWrite(HTTPRequest request) {
    return request.method() == HTTPRequest.HTTPMethod.POST
        && (request.body() instanceof UpdateTableRequest
            || request.body() instanceof CreateTableRequest);
  }

  private static String describe(HTTPRequest request) {
    StringBuilder text = new StringBuilder("POST ").append(request.path());
    if (request.body() instanceof UpdateTableRequest update) {
      text.append(':');
      for (MetadataUpdate u : update.updates()) {
        text.append(' ').append(u.getClass().getSimpleName());
        if (u instanceof MetadataUpdate.SetSnapshotRef set) {
          text.append('(').append(set.name()).append(')');
        } else if (u instanceof MetadataUpdate.RemoveSnapshotRef remove) {
          text.append('(').append(remove.name()).append(')');
        }
      }
    } else {
      text.append(": create table");
    }
    return text.toString();
  }

  private record Hold(int index, Predicate<String> holder) {}

  private record Armed(TableIdentifier table, String ref, CommitFault fault) {
    boolean matches(HTTPRequest request) {
      if (request.method() != HTTPRequest.HTTPMethod.POST
          || !request.path().endsWith("namespaces/" + table.namespace() + "/tables/" + table.name())
          || !(request.body() instanceof UpdateTableRequest update)) {
        return false;
      }
      return update.updates().stream()
          .anyMatch(u -> u instanceof MetadataUpdate.SetSnapshotRef set && ref.equals(set.name()));
    }
  }
}
