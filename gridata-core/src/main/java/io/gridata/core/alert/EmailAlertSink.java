package io.gridata.core.alert;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.core.http.Delivery;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends alerts as plain-text email over SMTP (Jakarta Mail, Eclipse Angus): subject {@code [ERROR]
 * <title>}, body the message, the pipeline, the run and the details. Connection failures are
 * retried under the {@link RetryPolicy}; a refused recipient is final. The password is used for
 * SMTP authentication only, never put in a message or a {@link Delivery}.
 *
 * @see Settings
 */
public final class EmailAlertSink implements AlertSink {
  private final Settings settings;
  private final Session session;
  private final Retrier retrier;

  /**
   * SMTP settings.
   *
   * @param host the SMTP server
   * @param port its port (25, 587 with STARTTLS, ...)
   * @param startTls whether to require STARTTLS
   * @param user the login, or empty for none
   * @param password the password of {@code user}
   * @param from the sender address
   * @param to the recipients, at least one
   * @param timeout connect and read timeout
   */
  public record Settings(
      String host,
      int port,
      boolean startTls,
      Optional<String> user,
      Optional<String> password,
      String from,
      List<String> to,
      Duration timeout) {
    /** Validates and copies; the addresses must parse. */
    public Settings {
      InvalidInputException.check(
          host != null && !host.isBlank(), "Invalid SMTP settings: the host is empty");
      InvalidInputException.check(
          port > 0 && port < 65536, "Invalid SMTP port %s: give 1-65535", port);
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
      InvalidInputException.check(
          user.isEmpty() || password.isPresent(),
          "Invalid SMTP settings: user %s has no password",
          user.orElse(""));
      to = List.copyOf(requireNonNull(to, "to is null"));
      InvalidInputException.check(!to.isEmpty(), "Invalid SMTP settings: no recipient");
      for (String address : concat(from, to)) {
        try {
          new InternetAddress(address, true);
        } catch (Exception e) {
          throw new InvalidInputException(
              "Invalid email address '%s': %s", address, e.getMessage());
        }
      }
      requireNonNull(timeout, "timeout is null");
    }

    /** {@code toString} without the password. */
    @Override
    public String toString() {
      return "smtp://" + user.map(u -> u + "@").orElse("") + host + ":" + port + " -> " + to;
    }

    private static List<String> concat(String from, List<String> to) {
      List<String> all = new java.util.ArrayList<>(to);
      all.add(0, from);
      return all;
    }
  }

  /** A sink sending with {@code settings}, retrying under {@code policy}. */
  public EmailAlertSink(Settings settings, RetryPolicy policy) {
    this.settings = requireNonNull(settings, "settings is null");
    Properties props = new Properties();
    props.put("mail.smtp.host", settings.host());
    props.put("mail.smtp.port", Integer.toString(settings.port()));
    props.put("mail.smtp.connectiontimeout", Long.toString(settings.timeout().toMillis()));
    props.put("mail.smtp.timeout", Long.toString(settings.timeout().toMillis()));
    props.put("mail.smtp.writetimeout", Long.toString(settings.timeout().toMillis()));
    props.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
    props.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
    props.put("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
    Authenticator login =
        settings.user().isEmpty()
            ? null
            : new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(
                    settings.user().get(), settings.password().orElseThrow());
              }
            };
    this.session = Session.getInstance(props, login);
    this.retrier =
        new Retrier(
            requireNonNull(policy, "policy is null"),
            failure ->
                failure instanceof MessagingException && !(failure instanceof SendFailedException));
  }

  @Override
  public Delivery send(Alert alert) {
    URI where = URI.create("smtp://" + settings.host() + ":" + settings.port());
    AtomicInteger attempts = new AtomicInteger();
    try {
      MimeMessage message = message(alert);
      retrier.run(
          "email alert to " + settings.to(),
          () -> {
            attempts.incrementAndGet();
            Transport.send(message);
          });
      return new Delivery(where, 250, attempts.get(), Optional.empty());
    } catch (MessagingException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Delivery(
          where,
          -1,
          attempts.get(),
          Optional.of(
              String.format(
                  "not sent after %d attempt(s): %s", attempts.get(), cause.getMessage())));
    }
  }

  private MimeMessage message(Alert alert) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.from()));
    for (String to : settings.to()) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    message.setSubject("[" + alert.level() + "] " + alert.title(), "UTF-8");
    message.setSentDate(Date.from(alert.at()));
    StringBuilder body = new StringBuilder(alert.message()).append("\n\n");
    body.append("pipeline: ").append(alert.pipeline()).append('\n');
    body.append("run: ").append(alert.runId()).append('\n');
    body.append("at: ").append(alert.at()).append('\n');
    for (Map.Entry<String, String> detail : new TreeMap<>(alert.details()).entrySet()) {
      body.append(detail.getKey()).append(": ").append(detail.getValue()).append('\n');
    }
    message.setText(body.toString(), "UTF-8");
    return message;
  }
}
