package dev.pledge.server.accounts;

/** The sign-up form as submitted; the password is never shown back. */
public class SignUpForm {
  private String name = "";
  private String username = "";
  private String email = "";
  private String password = "";
  private String country = "";
  private String birthDate = "";
  private String parentEmail = "";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getCountry() {
    return country;
  }

  public void setCountry(String country) {
    this.country = country;
  }

  public String getBirthDate() {
    return birthDate;
  }

  public void setBirthDate(String birthDate) {
    this.birthDate = birthDate;
  }

  public String getParentEmail() {
    return parentEmail;
  }

  public void setParentEmail(String parentEmail) {
    this.parentEmail = parentEmail;
  }

  @Override
  public String toString() {
    return "SignUpForm[…]"; // every field is personal
  }
}
