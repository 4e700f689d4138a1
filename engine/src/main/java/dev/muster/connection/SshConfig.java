package dev.muster.connection;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;

/**
 * sshj's configuration trimmed to algorithms the JDK provides, so that BouncyCastle is neither registered
 * nor probed at start-up (that costs most of sshj's 0.7-1.2 s initialisation). curve25519-sha256 comes first:
 * OpenSSH's default sntrup761 exchange costs about 120 ms more per connection. Ed25519 host keys are checked
 * with the small eddsa library sshj already uses.
 */
final class SshConfig extends DefaultConfig {

    static {
        SecurityUtils.setRegisterBouncyCastle(false);
    }

    SshConfig() {
        setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    }

    @Override
    protected void initKeyExchangeFactories() {
        setKeyExchangeFactories(
                new Curve25519SHA256.Factory(),
                new Curve25519SHA256.FactoryLibSsh(),
                new ECDHNistP.Factory256(),
                DHGroups.Group14SHA256(),
                new ExtInfoClientFactory());
    }

    @Override
    protected void initCipherFactories() {
        setCipherFactories(
                BlockCiphers.AES128CTR(),
                GcmCiphers.AES128GCM(),
                BlockCiphers.AES256CTR(),
                GcmCiphers.AES256GCM());
    }

    @Override
    protected void initMACFactories() {
        setMACFactories(
                Macs.HMACSHA2256Etm(),
                Macs.HMACSHA2512Etm(),
                Macs.HMACSHA2256(),
                Macs.HMACSHA2512());
    }
}
