#include "app/settings/api_key_store.h"

#if IFEDIT_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace ifedit::app {

ApiKeyStore::ApiKeyStore(QObject* parent) : ApiKeyStore(QLatin1String(kDefaultService), parent) {}

ApiKeyStore::ApiKeyStore(const QString& service, QObject* parent) : QObject(parent), service_(service) {
  backend_ = keyringCompiledIn() ? Backend::Keyring : Backend::SessionOnly;
  if (!keyringCompiledIn())
    problem_ = tr("this build has no keyring support (QtKeychain)");
}

bool ApiKeyStore::keyringCompiledIn() {
#if IFEDIT_HAVE_QTKEYCHAIN
  return true;
#else
  return false;
#endif
}

void ApiKeyStore::setKeyringEnabled(bool enabled) {
  if (enabled && keyringCompiledIn()) {
    backend_ = Backend::Keyring;
    problem_.clear();
  } else {
    fallBack(enabled ? problem_
                     : tr("the keyring is switched off"));
  }
}

QString ApiKeyStore::statusText() const {
  if (backend_ == Backend::Keyring)
    return tr("The key is stored in the system keyring, not in the settings file.");
  return tr("The key is kept for this session only (%1); it is never written to the "
                                          "settings file.")
      .arg(problem_);
}

void ApiKeyStore::fallBack(const QString& reason) {
  backend_ = Backend::SessionOnly;
  problem_ = reason;
}

void ApiKeyStore::load() {
#if IFEDIT_HAVE_QTKEYCHAIN
  if (backend_ == Backend::Keyring) {
    auto* job = new QKeychain::ReadPasswordJob(service_, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(QLatin1String(kAccount));
    ++pending_;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
      --pending_;
      if (job->error() == QKeychain::NoError) key_ = job->textData();
      else if (job->error() != QKeychain::EntryNotFound) fallBack(job->errorString());
      Q_EMIT loaded(key_);
    });
    job->start();
    return;
  }
#endif
  Q_EMIT loaded(key_);
}

void ApiKeyStore::store(const QString& key) {
  key_ = key;
#if IFEDIT_HAVE_QTKEYCHAIN
  if (backend_ == Backend::Keyring) {
    QKeychain::Job* job = nullptr;
    if (key.isEmpty()) {
      auto* del = new QKeychain::DeletePasswordJob(service_, this);
      del->setKey(QLatin1String(kAccount));
      job = del;
    } else {
      auto* write = new QKeychain::WritePasswordJob(service_, this);
      write->setKey(QLatin1String(kAccount));
      write->setTextData(key);
      job = write;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);  // never a plaintext copy in a settings file
    ++pending_;
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
      --pending_;
      const bool ok = job->error() == QKeychain::NoError ||
                      (key.isEmpty() && job->error() == QKeychain::EntryNotFound);
      if (!ok) fallBack(job->errorString());
      Q_EMIT stored(ok);
    });
    job->start();
    return;
  }
#endif
  Q_EMIT stored(false);
}

}  // namespace ifedit::app
