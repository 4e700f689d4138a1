package dev.muster.connection;

import java.nio.file.Path;

/** Asks the operator for the passphrase of an encrypted private key; null when there is none to give. */
@FunctionalInterface
public interface PassphrasePrompt {

    PassphrasePrompt NONE = keyFile -> null;

    char[] passphraseFor(Path keyFile);
}
