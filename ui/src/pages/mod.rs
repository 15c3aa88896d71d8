pub mod sign_in;
