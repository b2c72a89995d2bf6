#pragma once
// The VLM API key lives in the system keyring (Secret Service / KWallet through QtKeychain) and
// never in the settings file. Without a keyring (QtKeychain missing at build time, or no keyring
// service running) the key is kept in memory for this session only, and statusText() says so.
#include <QObject>
#include <QString>

namespace ifedit::app {

class ApiKeyStore : public QObject {
  Q_OBJECT

 public:
  enum class Backend { Keyring, SessionOnly };
  Q_ENUM(Backend)

  static constexpr const char* kDefaultService = "IFEditStudio";
  static constexpr const char* kAccount = "vlm-api-key";

  explicit ApiKeyStore(QObject* parent = nullptr);
  // `service`: the keyring entry's service name (tests use their own).
  explicit ApiKeyStore(const QString& service, QObject* parent = nullptr);

  // Whether this build can talk to a keyring at all.
  static bool keyringCompiledIn();
  // Tests and "do not use the keyring" setups: the key then stays in memory only.
  void setKeyringEnabled(bool enabled);

  Backend backend() const { return backend_; }
  // The key as currently known (after load() or store()).
  QString key() const { return key_; }
  // One line for the settings dialog: where the key is kept.
  QString statusText() const;
  bool busy() const { return pending_ > 0; }

  // Asynchronous; emit loaded() / stored() when done. A keyring error other than "no entry"
  // switches the store to SessionOnly and is reported in statusText().
  void load();
  // An empty key removes the entry.
  void store(const QString& key);

 Q_SIGNALS:
  void loaded(const QString& key);
  void stored(bool inKeyring);

 private:
  void fallBack(const QString& reason);

  QString service_;
  QString key_;
  QString problem_;
  Backend backend_ = Backend::SessionOnly;
  int pending_ = 0;
};

}  // namespace ifedit::app
